package dev.sluice.deploy.rayserve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.deploy.rayserve.internal.ServeConfigs;
import dev.sluice.deploy.rayserve.internal.ServeRest;
import dev.sluice.models.deploy.Deployment;
import dev.sluice.models.deploy.DeploymentFailedException;
import dev.sluice.models.deploy.ModelDeployer;
import dev.sluice.models.registry.ModelVersion;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys a model version as a Ray Serve application through the dashboard's REST API. The
 * application runs the user's Python code ({@link Builder#importPath}, in {@link
 * Builder#runtimeEnv}); the model reaches it in the application's {@code args}: {@code model_name},
 * {@code model_version}, {@code model_uri} (the version's artifact) plus any {@link Builder#arg}.
 *
 * <p>Ray's {@code PUT /api/serve/applications/} replaces the whole Serve config and deletes the
 * applications it does not list, so each deploy reads the config in force ({@code GET}) and puts it
 * back with only the target application replaced. Two deployers writing the same cluster at once can
 * still lose each other's change (Ray offers no compare-and-set); run one at a time per cluster.
 * Then it waits until the application is {@code RUNNING} with the arguments it sent, and fails with
 * Ray's message on {@code DEPLOY_FAILED}, or at the timeout.
 *
 * <pre>{@code
 * ModelDeployer serve = RayServeDeployer.builder(URI.create("http://ray-head:8265"))
 *     .importPath("serving.qoe:app")
 *     .runtimeEnv(Map.of("pip", List.of("xgboost==2.1.1")))
 *     .build();
 * }</pre>
 *
 * <p>On KubeRay with a RayService, the operator owns the Serve config ({@code spec.serveConfigV2})
 * and puts it again after a head restart, undoing a REST deploy: deploy through the RayService
 * there (see docs/models.md).
 */
public final class RayServeDeployer implements ModelDeployer {
  private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.deploy.rayserve");

  private final ServeRest rest;
  private final ObjectMapper json = new ObjectMapper();
  private final String importPath;
  private final Map<String, Object> runtimeEnv;
  private final Map<String, Object> args;
  private final Function<String, String> routePrefix;
  private final Optional<URI> serveAddress;
  private final Duration pollInterval;
  private final Clock clock;

  private RayServeDeployer(Builder b) {
    this.importPath = requireImportPath(b.importPath);
    this.rest = new ServeRest(b.dashboard, Optional.ofNullable(b.authToken), json, b.requestTimeout);
    this.runtimeEnv = Map.copyOf(b.runtimeEnv);
    this.args = Map.copyOf(b.args);
    this.routePrefix = b.routePrefix;
    this.serveAddress = Optional.ofNullable(b.serveAddress);
    this.pollInterval = b.pollInterval;
    this.clock = b.clock;
  }

  /** A builder for the Ray cluster whose dashboard is at {@code dashboard} (e.g. {@code http://ray-head:8265}). */
  public static Builder builder(URI dashboard) {
    return new Builder(dashboard);
  }

  @Override
  public String name() {
    return "ray-serve";
  }

  @Override
  public Deployment deploy(String target, ModelVersion version, Duration timeout) {
    Objects.requireNonNull(version, "version");
    ObjectNode app = application(target, version);
    JsonNode details = rest.details();
    rest.put(ServeConfigs.withApplication(details, app, json));
    LOG.info("Ray Serve at {}: application {} put with {} v{}", rest.dashboard(), target, version.model(), version.version());
    Instant deadline = clock.instant().plus(timeout);
    String last = "not listed yet";
    while (true) {
      JsonNode now = rest.details();
      JsonNode status = now.path("applications").path(target);
      boolean ours = status.path("deployed_app_config").path("args").equals(app.get("args"));
      if (ours) {
        String state = status.path("status").asText();
        String message = status.path("message").asText("");
        switch (state) {
          case "RUNNING" -> {
            return deployment(target, version.model(), version.version(), status, now);
          }
          case "DEPLOY_FAILED" -> throw new DeploymentFailedException("Ray Serve application '" + target + "' ("
              + version.model() + " v" + version.version() + ") failed to deploy on " + rest.dashboard() + ": " + message);
          default -> last = state + (message.isEmpty() ? "" : " (" + message + ")");
        }
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new DeploymentFailedException("Ray Serve application '" + target + "' (" + version.model() + " v"
            + version.version() + ") is not RUNNING after " + timeout + " on " + rest.dashboard() + "; last status: "
            + last + ". Raise the readiness timeout, or look at the Serve controller's log on the head node");
      }
      LockSupport.parkNanos(pollInterval.toNanos());
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new DeploymentFailedException("interrupted while waiting for Ray Serve application '" + target + "'");
      }
    }
  }

  @Override
  public Optional<Deployment> current(String target) {
    JsonNode details = rest.details();
    JsonNode app = details.path("applications").path(target);
    JsonNode appArgs = app.path("deployed_app_config").path("args");
    if (!app.path("status").asText().equals("RUNNING") || !appArgs.path("model_name").isTextual()
        || !appArgs.path("model_version").canConvertToInt()) {
      return Optional.empty();
    }
    return Optional.of(deployment(target, appArgs.get("model_name").asText(), appArgs.get("model_version").asInt(),
        app, details));
  }

  private ObjectNode application(String target, ModelVersion version) {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("target (the Ray Serve application's name) must not be blank");
    }
    ObjectNode app = json.createObjectNode();
    app.put("name", target);
    app.put("route_prefix", routePrefix.apply(target));
    app.put("import_path", importPath);
    app.set("runtime_env", json.valueToTree(runtimeEnv));
    ObjectNode appArgs = app.putObject("args");
    appArgs.setAll((ObjectNode) json.valueToTree(args));
    appArgs.put("model_name", version.model());
    appArgs.put("model_version", version.version());
    appArgs.put("model_uri", version.artifact());
    return app;
  }

  private Deployment deployment(String target, String model, int version, JsonNode app, JsonNode details) {
    URI base = serveAddress.orElseGet(() -> URI.create(rest.dashboard().getScheme() + "://" + rest.dashboard().getHost()
        + ":" + details.path("http_options").path("port").asInt(8000)));
    String prefix = app.path("route_prefix").asText("/");
    URI endpoint = URI.create(base.toString().replaceAll("/+$", "") + (prefix.equals("/") ? "/" : prefix));
    double deployedAt = app.path("last_deployed_time_s").asDouble(0);
    Instant readyAt = deployedAt > 0 ? Instant.ofEpochMilli((long) (deployedAt * 1000)) : clock.instant();
    return new Deployment(target, model, version, endpoint, readyAt);
  }

  private static String requireImportPath(String importPath) {
    if (importPath == null || importPath.isBlank()) {
      throw new IllegalArgumentException("importPath is required: the Python application Ray Serve builds, "
          + "e.g. importPath(\"serving.qoe:app\")");
    }
    if (!importPath.contains(".") && !importPath.contains(":")) {
      throw new IllegalArgumentException("importPath '" + importPath + "' needs a module and an attribute, "
          + "separated by ':' or '.', e.g. \"serving.qoe:app\"");
    }
    return importPath;
  }

  /** Options of a {@link RayServeDeployer}; mutable, not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final URI dashboard;
    private String importPath;
    private final Map<String, Object> runtimeEnv = new LinkedHashMap<>();
    private final Map<String, Object> args = new LinkedHashMap<>();
    private Function<String, String> routePrefix = target -> "/" + target;
    private URI serveAddress;
    private String authToken;
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();

    private Builder(URI dashboard) {
      this.dashboard = Objects.requireNonNull(dashboard, "dashboard");
    }

    /** The application's Python import path, {@code module:attribute} (required). */
    public Builder importPath(String importPath) {
      this.importPath = importPath;
      return this;
    }

    /** The application's runtime env ({@code working_dir}, {@code pip}, {@code env_vars}…); default none. */
    public Builder runtimeEnv(Map<String, ?> runtimeEnv) {
      this.runtimeEnv.clear();
      this.runtimeEnv.putAll(Objects.requireNonNull(runtimeEnv, "runtimeEnv"));
      return this;
    }

    /** An extra argument for the application builder; {@code model_*} are set by the deployer. */
    public Builder arg(String name, Object value) {
      if (name.startsWith("model_")) {
        throw new IllegalArgumentException("argument '" + name + "' is reserved: the deployer sets model_name, "
            + "model_version and model_uri from the version it deploys");
      }
      args.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The route prefix of a target's application (default {@code /<target>}). */
    public Builder routePrefix(Function<String, String> routePrefix) {
      this.routePrefix = Objects.requireNonNull(routePrefix, "routePrefix");
      return this;
    }

    /** Where Serve's HTTP proxy is reached (default: the dashboard's host, Serve's HTTP port). */
    public Builder serveAddress(URI serveAddress) {
      this.serveAddress = Objects.requireNonNull(serveAddress, "serveAddress");
      return this;
    }

    /** Ray's token auth ({@code RAY_AUTH_MODE=token}): sent as {@code Authorization: Bearer}. */
    public Builder authToken(String authToken) {
      this.authToken = Objects.requireNonNull(authToken, "authToken");
      return this;
    }

    /** How often the status is read while waiting (default 500 ms). */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
      return this;
    }

    /** The timeout of one HTTP request (default 30 s). */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
      return this;
    }

    /** The clock deadlines are read from (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The deployer. */
    public RayServeDeployer build() {
      return new RayServeDeployer(this);
    }
  }
}
