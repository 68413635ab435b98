package dev.sluice.deploy.rayserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.models.deploy.Deployment;
import dev.sluice.models.deploy.DeploymentFailedException;
import dev.sluice.models.deploy.Rollout;
import dev.sluice.models.deploy.RolloutResult;
import dev.sluice.models.registry.ModelRegistration;
import dev.sluice.models.registry.ModelRegistries;
import dev.sluice.models.registry.ModelRegistry;
import dev.sluice.models.registry.ModelVersion;
import dev.sluice.testing.ray.RayJobsServer;
import dev.sluice.testing.ray.RecordedRequest;
import dev.sluice.testing.ray.ServeFault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Ray Serve deployer against the Ray dashboard stand-in's Serve REST API. */
class RayServeDeployerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration READY = Duration.ofSeconds(20);

  final RayJobsServer ray = RayJobsServer.builder()
      .serveFault(ServeFault.whenArg("model_version", "2", "RuntimeError: qoe v2: model file is corrupt"))
      .start();
  final ModelRegistry registry = ModelRegistries.on(ArtifactStores.inMemory());
  final RayServeDeployer deployer = RayServeDeployer.builder(ray.address())
      .importPath("serving.qoe:app")
      .runtimeEnv(Map.of("pip", List.of("xgboost==2.1.1")))
      .arg("batch_size", 32)
      .pollInterval(Duration.ofMillis(20))
      .build();

  @AfterEach
  void stop() {
    ray.close();
  }

  ModelVersion register(String artifact) {
    return registry.register(ModelRegistration.builder("qoe", artifact).build());
  }

  List<JsonNode> puts() throws Exception {
    List<JsonNode> puts = new java.util.ArrayList<>();
    for (RecordedRequest r : ray.requests()) {
      if (r.method().equals("PUT")) {
        puts.add(JSON.readTree(r.body()));
      }
    }
    return puts;
  }

  JsonNode applications() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(ray.address().resolve("/api/serve/applications/")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("applications");
  }

  @Test
  void aVersionBecomesARunningApplicationWithTheModelInItsArgs() throws Exception {
    ModelVersion v1 = register("s3://models/qoe/1/model.json");
    Deployment d = deployer.deploy("qoe", v1, READY);

    assertThat(d.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8000/qoe"));
    assertThat(d.version()).isEqualTo(1);
    JsonNode app = puts().get(0).path("applications").get(0);
    assertThat(app.path("import_path").asText()).isEqualTo("serving.qoe:app");
    assertThat(app.path("runtime_env").path("pip").get(0).asText()).isEqualTo("xgboost==2.1.1");
    assertThat(app.path("args").path("model_uri").asText()).isEqualTo("s3://models/qoe/1/model.json");
    assertThat(app.path("args").path("batch_size").asInt()).isEqualTo(32);
    assertThat(applications().path("qoe").path("status").asText()).isEqualTo("RUNNING");
    assertThat(deployer.current("qoe")).hasValueSatisfying(c -> assertThat(c.version()).isEqualTo(1));
    assertThat(deployer.current("other")).isEmpty();
  }

  @Test
  void deployingKeepsTheOtherApplicationsOfTheCluster() throws Exception {
    String other = "{\"applications\":[{\"name\":\"fraud\",\"route_prefix\":\"/fraud\","
        + "\"import_path\":\"serving.fraud:app\",\"args\":{\"threshold\":0.7}}]}";
    HttpResponse<String> put = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(ray.address().resolve("/api/serve/applications/"))
            .PUT(HttpRequest.BodyPublishers.ofString(other)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(200);

    deployer.deploy("qoe", register("s3://models/qoe/1/model.json"), READY);

    JsonNode ours = puts().get(1);
    assertThat(ours.path("applications")).extracting(a -> a.path("name").asText()).containsExactly("fraud", "qoe");
    assertThat(ours.path("applications").get(0).path("args").path("threshold").asDouble()).isEqualTo(0.7);
    JsonNode apps = applications();
    assertThat(apps.path("fraud").path("status").asText()).isIn("NOT_STARTED", "DEPLOYING", "RUNNING");
    assertThat(apps.has("qoe")).isTrue();
  }

  @Test
  void aDeployFailedApplicationFailsTheDeployWithRaysMessage() {
    register("s3://models/qoe/1/model.json");
    ModelVersion v2 = register("s3://models/qoe/2/model.json");
    assertThatThrownBy(() -> deployer.deploy("qoe", v2, READY))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessageContaining("Ray Serve application 'qoe' (qoe v2) failed to deploy")
        .hasMessageContaining("Deploying app 'qoe' failed with exception:")
        .hasMessageContaining("RuntimeError: qoe v2: model file is corrupt");
    assertThat(deployer.current("qoe")).isEmpty();
  }

  @Test
  void aFailedVersionIsRolledBackToThePreviousOne() {
    ModelVersion v1 = register("s3://models/qoe/1/model.json");
    ModelVersion v2 = register("s3://models/qoe/2/model.json");
    Rollout rollout = Rollout.builder(registry, deployer).target("qoe").readinessTimeout(READY).build();
    assertThat(rollout.deploy(v1, "test").outcome()).isEqualTo(RolloutResult.Outcome.DEPLOYED);

    RolloutResult result = rollout.deploy(v2, "test");

    assertThat(result.outcome()).isEqualTo(RolloutResult.Outcome.ROLLED_BACK);
    assertThat(result.reason()).contains("model file is corrupt");
    assertThat(deployer.current("qoe")).hasValueSatisfying(d -> assertThat(d.version()).isEqualTo(1));
    assertThat(registry.byAlias("qoe", "champion").orElseThrow().version()).isEqualTo(1);
    assertThat(rollout.deploy(v1, "test").outcome()).as("v1 serves again").isEqualTo(RolloutResult.Outcome.UNCHANGED);
  }

  @Test
  void anApplicationStillDeployingAtTheTimeoutFailsNamingItsStatus() {
    try (RayJobsServer slow = RayJobsServer.builder().serveDeployTime(Duration.ofSeconds(30)).start()) {
      RayServeDeployer d = RayServeDeployer.builder(slow.address()).importPath("serving.qoe:app")
          .pollInterval(Duration.ofMillis(20)).build();
      assertThatThrownBy(() -> d.deploy("qoe", register("s3://m/1"), Duration.ofMillis(300)))
          .isInstanceOf(DeploymentFailedException.class)
          .hasMessageContaining("is not RUNNING after PT0.3S")
          .hasMessageMatching("(?s).*last status: (NOT_STARTED|DEPLOYING).*");
    }
  }

  @Test
  void aConfigRayRefusesFailsWithPydanticsError() {
    RayServeDeployer bad = RayServeDeployer.builder(ray.address()).importPath("serving.qoe:app")
        .routePrefix(t -> t + "/").build();
    assertThatThrownBy(() -> bad.deploy("qoe", register("s3://m/1"), READY))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessageContaining("Ray refused the Serve config")
        .hasMessageContaining("400")
        .hasMessageContaining("Route prefix must start with \"/\"");
  }

  @Test
  void anImportPathWithoutAttributeIsRefusedAtBuild() {
    assertThatThrownBy(() -> RayServeDeployer.builder(ray.address()).importPath("serving").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serving.qoe:app");
  }
}
