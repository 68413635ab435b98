package dev.sluice.deploy.kubernetes;

import dev.sluice.deploy.kubernetes.internal.DeploymentSpecs;
import dev.sluice.deploy.kubernetes.internal.DeploymentStatuses;
import dev.sluice.deploy.kubernetes.internal.Kube;
import dev.sluice.models.deploy.Deployment;
import dev.sluice.models.deploy.ModelDeployer;
import dev.sluice.models.registry.ModelVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a model version as a Kubernetes Deployment of the user's serving image, with a Service of
 * the same name in front of it. The container gets the model in {@code SLUICE_MODEL_URI} (the
 * version's artifact), {@code SLUICE_MODEL_NAME} and {@code SLUICE_MODEL_VERSION}; {@link
 * Builder#args} may pass it on the command line with Kubernetes' own expansion, e.g. {@code
 * --model=$(SLUICE_MODEL_URI)}. An HTTP readiness probe on {@link Builder#readinessPath} decides
 * when a replica serves.
 *
 * <p>{@code deploy} creates or edits the Deployment (a new version changes the pod template, so the
 * Deployment controller rolls it out) and waits until the rollout is complete: the updated, ready
 * and available replicas equal {@code replicas} with no old replica left. It fails when the
 * controller reports {@code ProgressDeadlineExceeded} ({@link Builder#progressDeadline}) or at the
 * timeout. The endpoint is the Service's cluster address.
 *
 * <pre>{@code
 * ModelDeployer k8s = KubernetesDeployer.builder().namespace("ml").image("registry/qoe-server:1.4")
 *     .replicas(2).requests("500m", "1Gi").limits("2", "2Gi").readinessPath("/v2/health/ready").build();
 * }</pre>
 */
public final class KubernetesDeployer implements ModelDeployer, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.deploy.kubernetes");

  private final KubernetesClient client;
  private final DeploymentSpecs specs;
  private final Duration pollInterval;
  private final Clock clock;

  private KubernetesDeployer(Builder b) {
    if (b.image == null || b.image.isBlank()) {
      throw new IllegalArgumentException("image is required: the serving container that loads SLUICE_MODEL_URI, "
          + "e.g. image(\"registry.example.com/qoe-server:1.4\")");
    }
    this.client = b.newClient();
    this.specs = new DeploymentSpecs(b.image, b.replicas, b.port, b.readinessPath, List.copyOf(b.args),
        Map.copyOf(b.env), Map.copyOf(b.requests), Map.copyOf(b.limits), Optional.ofNullable(b.serviceAccount),
        (int) b.progressDeadline.toSeconds());
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
    return "kubernetes";
  }

  @Override
  public Deployment deploy(String target, ModelVersion version, Duration timeout) {
    String ns = client.getNamespace();
    specs.apply(client, target, version);
    LOG.info("Kubernetes {}/{}: Deployment applied with {} v{}", ns, target, version.model(), version.version());
    io.fabric8.kubernetes.api.model.apps.Deployment ready = Kube.await(
        "Deployment " + ns + "/" + target + " (" + version.model() + " v" + version.version() + ")",
        () -> DeploymentStatuses.progress(client.apps().deployments().withName(target).get()),
        timeout, pollInterval, clock);
    return new Deployment(target, version.model(), version.version(), endpoint(ready.getMetadata().getName()),
        clock.instant());
  }

  @Override
  public Optional<Deployment> current(String target) {
    io.fabric8.kubernetes.api.model.apps.Deployment d = client.apps().deployments().withName(target).get();
    if (d == null || !(DeploymentStatuses.progress(d) instanceof Kube.Progress.Ready<?>)) {
      return Optional.empty();
    }
    return describe(d);
  }

  private Optional<Deployment> describe(io.fabric8.kubernetes.api.model.apps.Deployment d) {
    Map<String, String> annotations = d.getMetadata().getAnnotations();
    if (annotations == null || !annotations.containsKey(DeploymentSpecs.MODEL)
        || !annotations.getOrDefault(DeploymentSpecs.VERSION, "").matches("\\d+")) {
      return Optional.empty();
    }
    return Optional.of(new Deployment(d.getMetadata().getName(), annotations.get(DeploymentSpecs.MODEL),
        Integer.parseInt(annotations.get(DeploymentSpecs.VERSION)), endpoint(d.getMetadata().getName()),
        clock.instant()));
  }

  private URI endpoint(String target) {
    return URI.create("http://" + target + "." + client.getNamespace() + ".svc.cluster.local:" + DeploymentSpecs.SERVICE_PORT);
  }

  /** Options of a {@link KubernetesDeployer}; mutable, not thread-safe; {@link #build()} copies. */
  public static final class Builder extends ClusterOptions<Builder> {
    private String image;
    private int replicas = 1;
    private int port = 8080;
    private String readinessPath = "/ready";
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> requests = new LinkedHashMap<>();
    private final Map<String, String> limits = new LinkedHashMap<>();
    private String serviceAccount;
    private Duration progressDeadline = Duration.ofSeconds(600);

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The serving image (required). */
    public Builder image(String image) {
      this.image = image;
      return this;
    }

    /** How many replicas must be ready (default 1). */
    public Builder replicas(int replicas) {
      if (replicas < 1) {
        throw new IllegalArgumentException("replicas must be 1 or more, got " + replicas);
      }
      this.replicas = replicas;
      return this;
    }

    /** The container's HTTP port (default 8080). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The readiness probe's HTTP path (default {@code /ready}). */
    public Builder readinessPath(String readinessPath) {
      this.readinessPath = Objects.requireNonNull(readinessPath, "readinessPath");
      return this;
    }

    /** The container's arguments; {@code $(SLUICE_MODEL_URI)} is expanded by Kubernetes. */
    public Builder args(List<String> args) {
      this.args.clear();
      this.args.addAll(args);
      return this;
    }

    /** A variable of the container ({@code SLUICE_MODEL_*} are set by the deployer). */
    public Builder env(String name, String value) {
      if (name.startsWith("SLUICE_MODEL_")) {
        throw new IllegalArgumentException(name + " is set by the deployer from the version it deploys");
      }
      env.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    /** CPU and memory requests, as Kubernetes quantities ({@code "500m"}, {@code "1Gi"}). */
    public Builder requests(String cpu, String memory) {
      requests.put("cpu", cpu);
      requests.put("memory", memory);
      return this;
    }

    /** CPU and memory limits, as Kubernetes quantities. */
    public Builder limits(String cpu, String memory) {
      limits.put("cpu", cpu);
      limits.put("memory", memory);
      return this;
    }

    /** GPUs per replica ({@code nvidia.com/gpu}, as request and limit). */
    public Builder gpus(int gpus) {
      requests.put("nvidia.com/gpu", Integer.toString(gpus));
      limits.put("nvidia.com/gpu", Integer.toString(gpus));
      return this;
    }

    /** The pods' service account, e.g. one allowed to read the model bucket (default: the namespace's). */
    public Builder serviceAccount(String serviceAccount) {
      this.serviceAccount = Objects.requireNonNull(serviceAccount, "serviceAccount");
      return this;
    }

    /** The Deployment's {@code progressDeadlineSeconds} (default 600 s, Kubernetes' own default). */
    public Builder progressDeadline(Duration progressDeadline) {
      this.progressDeadline = Objects.requireNonNull(progressDeadline, "progressDeadline");
      return this;
    }

    /** The deployer. */
    public KubernetesDeployer build() {
      return new KubernetesDeployer(this);
    }
  }
}
