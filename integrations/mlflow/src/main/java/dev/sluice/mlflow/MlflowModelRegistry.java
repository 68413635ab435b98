package dev.sluice.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.mlflow.internal.AliasRecords;
import dev.sluice.mlflow.internal.AliasRecords.ModelState;
import dev.sluice.mlflow.internal.AliasRecords.Recorded;
import dev.sluice.mlflow.internal.MlflowHttp;
import dev.sluice.mlflow.internal.VersionTags;
import dev.sluice.models.registry.AliasMove;
import dev.sluice.models.registry.ModelNotFoundException;
import dev.sluice.models.registry.ModelRegistration;
import dev.sluice.models.registry.ModelRegistry;
import dev.sluice.models.registry.ModelVersion;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.LockSupport;

/**
 * MLflow's model registry as a {@link ModelRegistry}, over its REST API. MLflow numbers the versions
 * (per model, from 1); aliases are MLflow's own aliases, so {@code models:/qoe@champion} means the
 * same to MLflow's clients. What MLflow has no field for (format, metrics, parameters, lineage) is
 * kept in version tags ({@link VersionTags}); MLflow keeps no alias history, so every move is also
 * written as a registered-model tag ({@link AliasRecords}). Thread-safe; several processes may share
 * one server.
 */
public final class MlflowModelRegistry implements ModelRegistry {
  /** A registration tag naming the MLflow run that produced the model: sent as the version's {@code run_id}. */
  public static final String RUN_ID_TAG = VersionTags.RUN_ID_TAG;
  private static final int SETTLE_ROUNDS = 50;

  private final MlflowConfig config;
  private final MlflowHttp http;
  private final Clock clock;

  private MlflowModelRegistry(MlflowConfig config, Clock clock) {
    this.config = config;
    this.http = new MlflowHttp(config);
    this.clock = clock;
  }

  /** A registry on the MLflow server {@code config} names. */
  public static MlflowModelRegistry of(MlflowConfig config) {
    return of(config, Clock.systemUTC());
  }

  /** The same, stamping alias moves with {@code clock}. */
  public static MlflowModelRegistry of(MlflowConfig config, Clock clock) {
    return new MlflowModelRegistry(Objects.requireNonNull(config, "config"), Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Creates the version (and the registered model when MLflow says it does not exist; {@code
   * RESOURCE_ALREADY_EXISTS} from a racing creator is fine), then waits until MLflow says {@code
   * READY}.
   *
   * @throws MlflowRegistrationException when MLflow says {@code FAILED_REGISTRATION}, or the version
   *     is still pending after {@link MlflowConfig#readyTimeout()}
   */
  @Override
  public ModelVersion register(ModelRegistration registration) {
    JsonNode body = VersionTags.createBody(registration);
    JsonNode created;
    try {
      created = mapped("register a version of " + registration.model(), () -> http.post("model-versions/create", body));
    } catch (ModelNotFoundException noModel) {
      createModel(registration.model());
      created = mapped("register a version of " + registration.model(), () -> http.post("model-versions/create", body));
    }
    return awaitReady(created.path("model_version"));
  }

  private void createModel(String model) {
    try {
      http.post("registered-models/create", http.object().put("name", model));
    } catch (MlflowException e) {
      if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode().orElse(""))) {
        throw map("create registered model " + model, e);
      }
    }
  }

  private ModelVersion awaitReady(JsonNode mv) {
    String model = mv.path("name").asText();
    String version = mv.path("version").asText();
    Instant deadline = clock.instant().plus(config.readyTimeout());
    while ("PENDING_REGISTRATION".equals(mv.path("status").asText())) {
      if (clock.instant().isAfter(deadline)) {
        throw new MlflowRegistrationException("model " + model + " version " + version + " is still "
            + "PENDING_REGISTRATION after " + config.readyTimeout() + " on MLflow " + config.uri()
            + "; raise MlflowConfig.readyTimeout or look at the server", model, Integer.parseInt(version),
            "PENDING_REGISTRATION");
      }
      LockSupport.parkNanos(config.pollInterval().toNanos());
      mv = getVersion(model, version).orElseThrow(() -> new ModelNotFoundException(
          "model " + model + " version " + version + " disappeared from MLflow while waiting for it to be READY"));
    }
    String status = mv.path("status").asText();
    if (!"READY".equals(status)) {
      throw new MlflowRegistrationException("MLflow could not register model " + model + " version " + version
          + ": status " + status + ", message: " + mv.path("status_message").asText("(none)"), model,
          Integer.parseInt(version), status);
    }
    return VersionTags.read(mv);
  }

  @Override
  public Optional<ModelVersion> version(String model, int version) {
    return getVersion(model, Integer.toString(version)).map(VersionTags::read);
  }

  private Optional<JsonNode> getVersion(String model, String version) {
    try {
      return Optional.of(mapped("read model " + model + " version " + version,
          () -> http.get("model-versions/get", Map.of("name", model, "version", version))).path("model_version"));
    } catch (ModelNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Every version, read with {@code model-versions/search} page by page. */
  @Override
  public List<ModelVersion> versions(String model) {
    List<ModelVersion> out = new ArrayList<>();
    String page = "";
    do {
      Map<String, String> query = new java.util.LinkedHashMap<>();
      query.put("filter", "name='" + model + "'");
      query.put("max_results", "1000");
      if (!page.isEmpty()) {
        query.put("page_token", page);
      }
      JsonNode answer = mapped("list versions of " + model, () -> http.get("model-versions/search", query));
      answer.path("model_versions").forEach(mv -> out.add(VersionTags.read(mv)));
      page = answer.path("next_page_token").asText("");
    } while (!page.isEmpty());
    out.sort(Comparator.comparingInt(ModelVersion::version));
    return List.copyOf(out);
  }

  /**
   * Sets (or deletes) MLflow's alias, records the move as a registered-model tag, then settles: MLflow
   * has no compare-and-set, so two movers racing may set the alias in the opposite order of their
   * records. If recording fails (MLflow away past the retries) the alias has moved without a record:
   * the exception says so. Each mover, after its own writes, reads the model back and points the alias at the
   * latest recorded move until the two agree; the last request any mover makes is such a read, so
   * when all are done the alias is where the last move in the history says.
   */
  @Override
  public AliasMove moveAlias(String model, String alias, Optional<Integer> version, String actor, String reason) {
    Objects.requireNonNull(version, "version");
    if (version.isPresent() && version(model, version.get()).isEmpty()) {
      throw new ModelNotFoundException("model " + model + " has no version " + version.get() + " on MLflow "
          + config.uri() + "; cannot point alias " + alias + " at it");
    }
    ModelState before = state(model).orElseThrow(() -> new ModelNotFoundException(
        "no registered model " + model + " on MLflow " + config.uri()));
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant at = before.lastAt().filter(last -> !now.isAfter(last)).map(last -> last.plusMillis(1)).orElse(now);
    Integer from = before.aliases().get(alias);
    AliasMove move = new AliasMove(model, alias, from == null ? OptionalInt.empty() : OptionalInt.of(from),
        version.map(OptionalInt::of).orElse(OptionalInt.empty()), actor, reason, at);
    point(model, alias, move.to()); // first: MLflow validates the alias name here, before anything is recorded
    mapped("record the move of " + model + "@" + alias + " (the alias was moved; its history lacks this move)", () -> http.post("registered-models/set-tag",
        http.object().put("name", model).put("key", AliasRecords.key(at)).put("value", AliasRecords.value(move))));
    settle(model, alias);
    return move;
  }

  private void settle(String model, String alias) {
    for (int round = 0; round < SETTLE_ROUNDS; round++) {
      ModelState now = state(model).orElseThrow();
      OptionalInt wanted = now.latest(alias).map(r -> r.move().to()).orElse(OptionalInt.empty());
      Integer current = now.aliases().get(alias);
      boolean agree = wanted.isPresent() ? current != null && current == wanted.getAsInt() : current == null;
      if (agree) {
        return;
      }
      point(model, alias, wanted);
    }
    throw new IllegalStateException("alias " + model + "@" + alias + " on MLflow " + config.uri() + " kept changing "
        + "under " + SETTLE_ROUNDS + " rounds of settling; another writer keeps moving it outside Sluice?");
  }

  private void point(String model, String alias, OptionalInt version) {
    if (version.isPresent()) {
      mapped("set alias " + model + "@" + alias, () -> http.post("registered-models/alias", http.object()
          .put("name", model).put("alias", alias).put("version", Integer.toString(version.getAsInt()))));
    } else {
      mapped("delete alias " + model + "@" + alias,
          () -> http.delete("registered-models/alias", http.object().put("name", model).put("alias", alias)));
    }
  }

  /**
   * Reads the alias from {@code registered-models/get} rather than {@code GET
   * registered-models/alias}: MLflow answers an alias that is not set with {@code
   * INVALID_PARAMETER_VALUE} ("Registered model alias … not found.", sqlalchemy_store.py
   * get_model_version_by_alias), the same code as a malformed request.
   */
  @Override
  public Optional<ModelVersion> byAlias(String model, String alias) {
    return state(model).map(s -> s.aliases().get(alias)).flatMap(v -> version(model, v));
  }

  @Override
  public List<AliasMove> aliasHistory(String model) {
    return state(model).map(s -> s.history().stream().map(Recorded::move).toList()).orElse(List.of());
  }

  @Override
  public void tag(String model, int version, String key, String value) {
    mapped("tag model " + model + " version " + version, () -> http.post("model-versions/set-tag", http.object()
        .put("name", model).put("version", Integer.toString(version)).put("key", key).put("value", value)));
  }

  private Optional<ModelState> state(String model) {
    try {
      return Optional.of(AliasRecords.read(mapped("read registered model " + model,
          () -> http.get("registered-models/get", Map.of("name", model))).path("registered_model")));
    } catch (ModelNotFoundException e) {
      return Optional.empty();
    }
  }

  private static JsonNode mapped(String what, java.util.function.Supplier<JsonNode> call) {
    try {
      return call.get();
    } catch (MlflowException e) {
      throw map(what, e);
    }
  }

  /** MLflow's error codes as this SPI's exceptions; the message says what was being done and what MLflow said. */
  static RuntimeException map(String what, MlflowException e) {
    String code = e.errorCode().orElse("");
    return switch (code) {
      case "RESOURCE_DOES_NOT_EXIST" -> {
        ModelNotFoundException m = new ModelNotFoundException("could not " + what + ": " + e.getMessage());
        m.initCause(e);
        yield m;
      }
      case "INVALID_PARAMETER_VALUE" -> new IllegalArgumentException("could not " + what + ", MLflow refused a "
          + "parameter: " + e.getMessage(), e);
      default -> new MlflowException("could not " + what + ": " + e.getMessage(), e.status().orElse(-1), e.errorCode().orElse(null));
    };
  }

  @Override
  public String toString() {
    return "MlflowModelRegistry[" + config.uri() + "]";
  }
}
