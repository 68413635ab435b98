package dev.sluice.deploy.kubernetes;

import dev.sluice.deploy.kubernetes.internal.Kube;
import dev.sluice.deploy.kubernetes.internal.RayServices;
import dev.sluice.models.deploy.Deployment;
import dev.sluice.models.deploy.DeploymentFailedException;
import dev.sluice.models.deploy.ModelDeployer;
import dev.sluice.models.registry.ModelVersion;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys a model version as a Ray Serve application of a KubeRay {@code RayService}, by editing the
 * application's entry in {@code spec.serveConfigV2} (the other applications are kept). On KubeRay
 * this is the path to take: the operator puts {@code serveConfigV2} to the cluster again after a
 * head restart, so a REST {@code PUT} to the dashboard ({@code RayServeDeployer}) would be undone.
 * The model reaches the application as its {@code args} ({@code model_name}, {@code model_version},
 * {@code model_uri}), as with {@code RayServeDeployer}. It waits until KubeRay has observed the new
 * generation and reports the application {@code RUNNING} in {@code
 * status.activeServiceStatus.applicationStatuses}; {@code DEPLOY_FAILED} fails with Ray's message.
 * The endpoint is KubeRay's Serve Service, {@code <rayservice>-serve-svc}, port 8000, at the route
 * prefix.
 */
public final class RayServiceDeployer implements ModelDeployer, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.deploy.kubernetes");

  private final KubernetesClient client;
  private final String rayService;
  private final String importPath;
  private final Map<String, Object> runtimeEnv;
  private final Duration pollInterval;
  private final Clock clock;

  private RayServiceDeployer(Builder b) {
    if (b.rayService == null || b.importPath == null || !(b.importPath.contains(":") || b.importPath.contains("."))) {
      throw new IllegalArgumentException("rayService (the RayService's name) and importPath (module:attribute, e.g. "
          + "\"serving.qoe:app\") are required; got rayService=" + b.rayService + ", importPath=" + b.importPath);
    }
    this.client = b.newClient();
    this.rayService = b.rayService;
    this.importPath = b.importPath;
    this.runtimeEnv = Map.copyOf(b.runtimeEnv);
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
    return "rayservice";
  }

  @Override
  public Deployment deploy(String target, ModelVersion version, Duration timeout) {
    var resource = client.genericKubernetesResources(RayServices.KIND).withName(rayService);
    if (resource.get() == null) {
      throw new DeploymentFailedException("RayService " + client.getNamespace() + "/" + rayService + " does not exist; "
          + "create it (with its rayClusterConfig) before deploying applications to it");
    }
    Map<String, Object> app = new LinkedHashMap<>();
    app.put("name", target);
    app.put("route_prefix", "/" + target);
    app.put("import_path", importPath);
    if (!runtimeEnv.isEmpty()) {
      app.put("runtime_env", runtimeEnv);
    }
    app.put("args", Map.of("model_name", version.model(), "model_version", version.version(),
        "model_uri", version.artifact()));
    Kube.editRetryingConflicts(() -> resource.edit(r -> { // KubeRay writes its status meanwhile
      @SuppressWarnings("unchecked")
      Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) r.getAdditionalProperties().get("spec"));
      spec.put("serveConfigV2", RayServices.withApplication(RayServices.serveConfig(r), app));
      r.setAdditionalProperty("spec", spec);
      return r;
    }));
    LOG.info("RayService {}/{}: application {} set to {} v{}", client.getNamespace(), rayService, target,
        version.model(), version.version());
    Kube.await("Ray Serve application '" + target + "' of RayService " + client.getNamespace() + "/" + rayService
        + " (" + version.model() + " v" + version.version() + ")",
        () -> RayServices.progress(resource.get(), target), timeout, pollInterval, clock);
    return new Deployment(target, version.model(), version.version(), endpoint(target), clock.instant());
  }

  @Override
  public Optional<Deployment> current(String target) {
    GenericKubernetesResource rs = client.genericKubernetesResources(RayServices.KIND).withName(rayService).get();
    if (rs == null || !(RayServices.progress(rs, target) instanceof Kube.Progress.Ready<?>)) {
      return Optional.empty();
    }
    return RayServices.application(RayServices.serveConfig(rs), target)
        .map(a -> a.get("args") instanceof Map<?, ?> m ? m : Map.of())
        .filter(args -> args.get("model_name") instanceof String && args.get("model_version") instanceof Number)
        .map(args -> new Deployment(target, (String) args.get("model_name"),
            ((Number) args.get("model_version")).intValue(), endpoint(target), clock.instant()));
  }

  private URI endpoint(String target) {
    return URI.create("http://" + rayService + "-serve-svc." + client.getNamespace() + ".svc.cluster.local:8000/" + target);
  }

  /** Options of a {@link RayServiceDeployer}; mutable, not thread-safe; {@link #build()} copies. */
  public static final class Builder extends ClusterOptions<Builder> {
    private String rayService;
    private String importPath;
    private final Map<String, Object> runtimeEnv = new LinkedHashMap<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The RayService whose Serve config holds the applications (required). */
    public Builder rayService(String rayService) {
      this.rayService = Objects.requireNonNull(rayService, "rayService");
      return this;
    }

    /** The application's Python import path, {@code module:attribute} (required). */
    public Builder importPath(String importPath) {
      this.importPath = Objects.requireNonNull(importPath, "importPath");
      return this;
    }

    /** The application's runtime env (default none). */
    public Builder runtimeEnv(Map<String, ?> runtimeEnv) {
      this.runtimeEnv.clear();
      this.runtimeEnv.putAll(runtimeEnv);
      return this;
    }

    /** The deployer. */
    public RayServiceDeployer build() {
      return new RayServiceDeployer(this);
    }
  }
}
