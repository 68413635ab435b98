package dev.sluice.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.models.registry.Lineage;
import dev.sluice.models.registry.ModelNotFoundException;
import dev.sluice.models.registry.ModelRegistration;
import dev.sluice.models.registry.ModelVersion;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What MlflowModelRegistry does beyond the contract: MLflow's version states, its errors, its faults. */
class MlflowModelRegistryTest {
  private final MlflowServer server = MlflowServer.start();
  private final MlflowModelRegistry registry = MlflowModelRegistry.of(MlflowModelRegistryContractTest.config(server));

  @AfterEach
  void stop() {
    server.close();
  }

  static ModelRegistration registration(String model) {
    return ModelRegistration.builder(model, "s3://ml/qoe/weights.json").format("json-linear").metric("rmse", 0.249)
        .param("lr", "0.01").tag("team", "qoe")
        .lineage(new Lineage("qoe-abc", "qoe", "train", Map.of("data", "sha256:00ff"), "v3")).build();
  }

  private long reads(String endpoint) {
    return server.requests.stream().filter(r -> r.endsWith(endpoint)).count();
  }

  @Test
  void registerWaitsUntilAPendingVersionIsReady() {
    server.pendingReads(3);
    ModelVersion v = registry.register(registration("qoe"));
    assertThat(v.version()).isEqualTo(1);
    assertThat(reads("model-versions/get")).isEqualTo(3);
    assertThat(v.registration().metrics()).containsEntry("rmse", 0.249);
  }

  @Test
  void failedRegistrationIsAnErrorCarryingMlflowsStatusMessage() {
    server.pendingReads(2);
    server.failRegistrations("Failed to copy s3://ml/qoe/weights.json: AccessDenied");
    assertThatThrownBy(() -> registry.register(registration("qoe")))
        .isInstanceOfSatisfying(MlflowRegistrationException.class, e -> {
          assertThat(e.versionStatus()).isEqualTo("FAILED_REGISTRATION");
          assertThat(e.version()).isEqualTo(1);
        })
        .hasMessageContaining("FAILED_REGISTRATION").hasMessageContaining("AccessDenied").hasMessageContaining("qoe");
  }

  @Test
  void aVersionPendingPastTheReadyTimeoutIsAClearError() {
    server.pendingReads(Integer.MAX_VALUE);
    MlflowModelRegistry impatient = MlflowModelRegistry.of(MlflowConfig.builder(server.uri())
        .readyTimeout(Duration.ofMillis(50), Duration.ofMillis(5)).build());
    assertThatThrownBy(() -> impatient.register(registration("qoe")))
        .isInstanceOf(MlflowRegistrationException.class)
        .hasMessageContaining("still PENDING_REGISTRATION after PT0.05S").hasMessageContaining("readyTimeout");
  }

  @Test
  void aModelCreatedOutsideSluiceTakesVersionsAndAnExistingModelIsNoError() throws Exception {
    server.registry.createModel(new ObjectMapper().readTree("{\"name\": \"qoe\"}"));
    assertThat(registry.register(registration("qoe")).version()).isEqualTo(1);
    assertThat(server.requests).noneMatch(r -> r.endsWith("registered-models/create"));
    assertThat(registry.register(registration("qoe")).version()).isEqualTo(2);
  }

  @Test
  void mlflowErrorsMapToTheRegistrysExceptions() {
    registry.register(registration("qoe"));
    assertThat(registry.version("qoe", 9)).isEmpty();
    assertThat(registry.version("nope", 1)).isEmpty();
    assertThat(registry.versions("nope")).isEmpty();
    assertThat(registry.byAlias("nope", "champion")).isEmpty();
    assertThat(registry.aliasHistory("nope")).isEmpty();
    assertThatThrownBy(() -> registry.tag("qoe", 9, "k", "v")).isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("Model Version (name=qoe, version=9) not found");
    // INVALID_PARAMETER_VALUE names the field: MLflow reserves v<digits> aliases
    assertThatThrownBy(() -> registry.moveAlias("qoe", "v2", 1, "alice", "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("INVALID_PARAMETER_VALUE").hasMessageContaining("Version alias name 'v2' is reserved");
    assertThat(registry.aliasHistory("qoe")).as("a refused move is not recorded").isEmpty();
    assertThatThrownBy(() -> registry.tag("qoe", 1, "bad key!", "v")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid tag name: 'bad key!'");
    assertThatThrownBy(() -> registry.register(ModelRegistration.builder("qoe", "s3://x").tag("sluice.format", "x").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sluice.");
  }

  @Test
  void a503IsRetriedAndTooManyAreAnErrorNamingTheCall() {
    server.failNext(2, 503);
    assertThat(registry.register(registration("qoe")).version()).isEqualTo(1);
    // two 503s, then MLflow's 404 for the model not yet created, then the version once the model is there
    assertThat(server.requests.stream().filter(r -> r.endsWith("model-versions/create")).count()).isEqualTo(4);
    assertThat(registry.versions("qoe")).hasSize(1);
    server.failNext(3, 503);
    assertThatThrownBy(() -> registry.versions("qoe")).isInstanceOfSatisfying(MlflowException.class,
            e -> assertThat(e.status()).contains(503))
        .hasMessageContaining("TEMPORARILY_UNAVAILABLE").hasMessageContaining("model-versions/search");
  }

  @Test
  void a500IsNotRetriedBecauseCreatingAVersionIsNotIdempotent() {
    server.failNext(1, 500);
    int before = server.requests.size();
    assertThatThrownBy(() -> registry.register(registration("qoe"))).isInstanceOf(MlflowException.class)
        .hasMessageContaining("500");
    assertThat(server.requests.size() - before).isEqualTo(1);
  }

  @Test
  void aRunIdTagLinksTheVersionToItsMlflowRun() {
    ModelVersion v = registry.register(ModelRegistration.builder("qoe", "s3://x")
        .tag(MlflowModelRegistry.RUN_ID_TAG, "0123456789abcdef0123456789abcdef").build());
    assertThat(v.tags()).containsEntry(MlflowModelRegistry.RUN_ID_TAG, "0123456789abcdef0123456789abcdef");
    assertThat(v.registration().tags()).containsEntry(MlflowModelRegistry.RUN_ID_TAG, "0123456789abcdef0123456789abcdef");
  }

  @Test
  void registrationTagsReadBackApartFromTagsSetLater() {
    registry.register(registration("qoe"));
    registry.tag("qoe", 1, "validated", "yes");
    ModelVersion v = registry.version("qoe", 1).orElseThrow();
    assertThat(v.registration().tags()).isEqualTo(Map.of("team", "qoe"));
    assertThat(v.tags()).isEqualTo(Map.of("team", "qoe", "validated", "yes"));
    assertThat(v.registration().lineage()).isEqualTo(registration("qoe").lineage());
    assertThat(v.registration().params()).isEqualTo(Map.of("lr", "0.01"));
    assertThat(v.registration().format()).isEqualTo("json-linear");
  }

  @Test
  void theAliasHistoryIsKeptAsRegisteredModelTagsMlflowShows() {
    registry.register(registration("qoe"));
    registry.moveAlias("qoe", "champion", 1, "alice", "first");
    assertThat(server.registry.modelTags("qoe")).hasSize(1).allSatisfy((k, v) -> {
      assertThat(k).matches("sluice\\.alias\\.\\d{13}-[0-9a-f]{8}");
      assertThat(v).contains("\"alias\":\"champion\"", "\"to\":1", "\"actor\":\"alice\"", "\"reason\":\"first\"");
    });
    registry.moveAlias("qoe", "champion", Optional.empty(), "alice", "retired");
    assertThat(registry.byAlias("qoe", "champion")).isEmpty();
    assertThat(registry.aliasHistory("qoe")).hasSize(2);
  }

  @Test
  void aRacingWritersAliasSetLandingAfterOurRecordIsSettledToTheLatestRecordedMove() {
    registry.register(registration("qoe"));
    registry.register(registration("qoe"));
    // another engine's "set champion to 1" arrives after our record of "champion to 2" (its own record is older)
    server.afterNext("POST registered-models/set-tag", () -> server.registry.setAlias(
        new ObjectMapper().createObjectNode().put("name", "qoe").put("alias", "champion").put("version", "1")));
    registry.moveAlias("qoe", "champion", 2, "run:qoe-xyz", "beat the champion");
    assertThat(registry.byAlias("qoe", "champion").orElseThrow().version()).isEqualTo(2);
    assertThat(registry.aliasHistory("qoe")).extracting(m -> m.to().getAsInt()).containsExactly(2);
  }
}
