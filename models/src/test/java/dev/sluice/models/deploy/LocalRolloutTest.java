package dev.sluice.models.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.models.registry.AliasMove;
import dev.sluice.models.registry.ModelRegistration;
import dev.sluice.models.registry.ModelRegistries;
import dev.sluice.models.registry.ModelRegistry;
import dev.sluice.models.registry.ModelVersion;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Local serving over real HTTP, and the rollout's policy: no-op re-runs, rollback on failure. */
class LocalRolloutTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  final ModelRegistry registry = ModelRegistries.on(ArtifactStores.inMemory());
  final AtomicInteger loads = new AtomicInteger();

  /** A "linear model" whose weight is its artifact's last path segment; "broken" fails to load. */
  final LocalModelServer server = LocalModelServer.builder(version -> {
    loads.incrementAndGet();
    String artifact = version.artifact();
    if (artifact.endsWith("broken")) {
      throw new IllegalStateException("weights file is truncated");
    }
    double weight = Double.parseDouble(artifact.substring(artifact.lastIndexOf('/') + 1));
    return instance -> weight * instance.get(0).asDouble();
  }).start();
  final Rollout rollout = Rollout.builder(registry, server).target("qoe").alias("champion")
      .readinessTimeout(Duration.ofSeconds(30)).build();

  @AfterEach
  void stop() {
    server.close();
  }

  ModelVersion register(String artifact) {
    return registry.register(ModelRegistration.builder("qoe", artifact).build());
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode predict(double x) throws Exception {
    HttpResponse<String> r = post("v1/models/qoe:predict", "{\"instances\": [[" + x + "]]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void aDeployedVersionAnswersOverHttpAndTheAliasFollowsIt() throws Exception {
    ModelVersion v1 = register("mem://models/2.0");
    RolloutResult result = rollout.deploy(v1, "alice");
    assertThat(result.outcome()).isEqualTo(RolloutResult.Outcome.DEPLOYED);
    assertThat(result.serving().orElseThrow().endpoint()).isEqualTo(server.uri().resolve("v1/models/qoe:predict"));
    JsonNode answer = predict(3.0);
    assertThat(answer.get("predictions").get(0).asDouble()).isEqualTo(6.0);
    assertThat(answer.get("model_version").asText()).isEqualTo("1");
    assertThat(registry.byAlias("qoe", "champion").orElseThrow().version()).isEqualTo(1);
    HttpResponse<String> status = http.send(HttpRequest.newBuilder(server.uri().resolve("v1/models/qoe")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(status.body()).get("ready").asBoolean()).isTrue();
  }

  @Test
  void deployingTheVersionAlreadyServingIsANoOp() {
    ModelVersion v1 = register("mem://models/2.0");
    rollout.deploy(v1, "alice");
    int loadsBefore = loads.get();
    RolloutResult again = rollout.deploy(v1, "alice");
    assertThat(again.outcome()).isEqualTo(RolloutResult.Outcome.UNCHANGED);
    assertThat(loads.get()).isEqualTo(loadsBefore);
    assertThat(registry.aliasHistory("qoe")).hasSize(1);
  }

  @Test
  void aVersionThatFailsToLoadIsRolledBackAndTheAliasMovesBack() throws Exception {
    rollout.deploy(register("mem://models/2.0"), "alice");
    ModelVersion bad = register("mem://models/broken");
    RolloutResult result = rollout.deploy(bad, "run:qoe-1");
    assertThat(result.outcome()).isEqualTo(RolloutResult.Outcome.ROLLED_BACK);
    assertThat(result.reason()).contains("weights file is truncated");
    assertThat(result.serving().orElseThrow().version()).isEqualTo(1);
    assertThat(predict(1.0).get("predictions").get(0).asDouble()).isEqualTo(2.0);
    assertThat(registry.byAlias("qoe", "champion").orElseThrow().version()).isEqualTo(1);
    assertThat(registry.aliasHistory("qoe")).extracting(AliasMove::to)
        .containsExactly(OptionalInt.of(1), OptionalInt.of(2), OptionalInt.of(1));
    assertThat(registry.aliasHistory("qoe").get(2).reason()).startsWith("rollback: qoe v2 failed to load");
  }

  @Test
  void aFailingPostDeployCheckRollsBackAVersionThatLoaded() throws Exception {
    Rollout checked = Rollout.builder(registry, server).target("qoe").check(d -> {
      if (d.version() == 2) {
        throw new IllegalStateException("smoke request answered NaN");
      }
    }).build();
    checked.deploy(register("mem://models/2.0"), "alice");
    RolloutResult result = checked.deploy(register("mem://models/5.0"), "alice");
    assertThat(result.outcome()).isEqualTo(RolloutResult.Outcome.ROLLED_BACK);
    assertThat(result.reason()).isEqualTo("smoke request answered NaN");
    assertThat(predict(1.0).get("predictions").get(0).asDouble()).isEqualTo(2.0);
  }

  @Test
  void badRequestsGetA4xxNamingTheProblem() throws Exception {
    rollout.deploy(register("mem://models/2.0"), "alice");
    assertThat(post("v1/models/qoe:predict", "not json").statusCode()).isEqualTo(400);
    HttpResponse<String> noInstances = post("v1/models/qoe:predict", "{\"inputs\": []}");
    assertThat(noInstances.statusCode()).isEqualTo(400);
    assertThat(noInstances.body()).contains("needs an \\\"instances\\\" array");
    assertThat(post("v1/models/other:predict", "{\"instances\": []}").body()).contains("no model is deployed as 'other'");
    assertThat(post("v1/models/qoe", "{}").statusCode()).isEqualTo(405);
    assertThat(post("v1/models/qoe:predict", "{\"instances\": [" + "[1.0],".repeat(200_000) + "[1.0]]}").statusCode())
        .isEqualTo(413);
    HttpResponse<String> failing = post("v1/models/qoe:predict", "{\"instances\": [[1.0], {}]}");
    assertThat(failing.statusCode()).isEqualTo(500);
    assertThat(failing.body()).contains("prediction failed on instance 1: java.lang.NullPointerException");
  }

  @Test
  void aLoaderThatNeverReturnsFailsTheDeployAtItsTimeout() {
    try (LocalModelServer slow = LocalModelServer.builder(version -> {
      new java.util.concurrent.CountDownLatch(1).await(); // a hung model download; interrupted by the timeout
      return instance -> 0;
    }).start()) {
      assertThatThrownBy(() -> slow.deploy("qoe", register("mem://models/1.0"), Duration.ofMillis(200)))
          .isInstanceOf(DeploymentFailedException.class).hasMessageContaining("did not load within PT0.2S");
      assertThat(slow.current("qoe")).isEmpty();
    }
  }
}
