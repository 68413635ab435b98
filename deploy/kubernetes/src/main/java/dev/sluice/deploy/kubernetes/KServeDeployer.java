package dev.sluice.deploy.kubernetes;

import dev.sluice.deploy.kubernetes.internal.DeploymentSpecs;
import dev.sluice.deploy.kubernetes.internal.InferenceServices;
import dev.sluice.deploy.kubernetes.internal.Kube;
import dev.sluice.models.deploy.Deployment;
import dev.sluice.models.deploy.ModelDeployer;
import dev.sluice.models.registry.ModelVersion;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a model version as a KServe {@code serving.kserve.io/v1beta1} InferenceService: the
 * predictor's {@code model.storageUri} is the version's artifact (in the bucket; {@link
 * Builder#serviceAccount} names the service account whose secret reads it), {@code
 * model.modelFormat.name} is {@link Builder#modelFormat}. {@code deploy} waits until the {@code
 * Ready} condition is {@code True} for the new generation and reports {@code status.url}; it fails
 * when KServe reports the model failed to load ({@code modelStatus.transitionStatus} {@code
 * BlockedByFailedLoad} or {@code InvalidSpec}) or at the timeout.
 *
 * <pre>{@code
 * ModelDeployer kserve = KServeDeployer.builder().namespace("ml").modelFormat("xgboost")
 *     .serviceAccount("models-reader").build();
 * }</pre>
 */
public final class KServeDeployer implements ModelDeployer, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.deploy.kubernetes");

  private final KubernetesClient client;
  private final String modelFormat;
  private final Optional<String> runtime;
  private final Optional<String> serviceAccount;
  private final Duration pollInterval;
  private final Clock clock;

  private KServeDeployer(Builder b) {
    if (b.modelFormat == null || b.modelFormat.isBlank()) {
      throw new IllegalArgumentException("modelFormat is required: the predictor's model format KServe picks a "
          + "serving runtime by, e.g. modelFormat(\"sklearn\"), \"xgboost\", \"onnx\"");
    }
    this.client = b.newClient();
    this.modelFormat = b.modelFormat;
    this.runtime = Optional.ofNullable(b.runtime);
    this.serviceAccount = Optional.ofNullable(b.serviceAccount);
    this.pollInterval = b.pollInterval();
    this.clock = b.clock();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Closes the Kubernetes client (its connections and threads). */
  @Override
  public void close() {
    client.close();
  }

  @Override
  public String name() {
    return "kserve";
  }

  @Override
  public Deployment deploy(String target, ModelVersion version, Duration timeout) {
    String ns = client.getNamespace();
    InferenceServices.apply(client, InferenceServices.of(target, version, modelFormat, runtime, serviceAccount));
    LOG.info("KServe {}/{}: InferenceService applied with {} v{}", ns, target, version.model(), version.version());
    GenericKubernetesResource ready = Kube.await(
        "InferenceService " + ns + "/" + target + " (" + version.model() + " v" + version.version() + ")",
        () -> InferenceServices.progress(client.genericKubernetesResources(InferenceServices.KIND).withName(target).get()),
        timeout, pollInterval, clock);
    return new Deployment(target, version.model(), version.version(), URI.create(InferenceServices.url(ready).orElseThrow()),
        clock.instant());
  }

  @Override
  public Optional<Deployment> current(String target) {
    GenericKubernetesResource isvc = client.genericKubernetesResources(InferenceServices.KIND).withName(target).get();
    if (isvc == null || !(InferenceServices.progress(isvc) instanceof Kube.Progress.Ready<?>)) {
      return Optional.empty();
    }
    Map<String, String> annotations = isvc.getMetadata().getAnnotations();
    if (annotations == null || !annotations.containsKey(DeploymentSpecs.MODEL)
        || !annotations.getOrDefault(DeploymentSpecs.VERSION, "").matches("\\d+")) {
      return Optional.empty();
    }
    return Optional.of(new Deployment(target, annotations.get(DeploymentSpecs.MODEL),
        Integer.parseInt(annotations.get(DeploymentSpecs.VERSION)), URI.create(InferenceServices.url(isvc).orElseThrow()),
        clock.instant()));
  }

  /** Options of a {@link KServeDeployer}; mutable, not thread-safe; {@link #build()} copies. */
  public static final class Builder extends ClusterOptions<Builder> {
    private String modelFormat;
    private String runtime;
    private String serviceAccount;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The predictor's model format, e.g. {@code sklearn}, {@code xgboost} (required). */
    public Builder modelFormat(String modelFormat) {
      this.modelFormat = modelFormat;
      return this;
    }

    /** A ServingRuntime to use (default: the one KServe selects for the format). */
    public Builder runtime(String runtime) {
      this.runtime = Objects.requireNonNull(runtime, "runtime");
      return this;
    }

    /** The predictor's service account: the one whose secret reads the model bucket. */
    public Builder serviceAccount(String serviceAccount) {
      this.serviceAccount = Objects.requireNonNull(serviceAccount, "serviceAccount");
      return this;
    }

    /** The deployer. */
    public KServeDeployer build() {
      return new KServeDeployer(this);
    }
  }
}
