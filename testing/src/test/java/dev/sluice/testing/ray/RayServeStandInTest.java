package dev.sluice.testing.ray;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The stand-in's Ray Serve REST API against the shapes of Ray's schema.py and serve_rest_api_impl.py. */
class RayServeStandInTest {

  private static final String APPS = "/api/serve/applications/";

  private static String app(String name, String route, String version) {
    return "{\"name\":\"" + name + "\",\"route_prefix\":\"" + route + "\",\"import_path\":\"serving.app:build\","
        + "\"args\":{\"model_version\":\"" + version + "\"}}";
  }

  private static Dashboard.Reply put(Dashboard d, String... apps) {
    return d.send(HttpRequest.newBuilder(d.base().resolve(APPS)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"applications\":[" + String.join(",", apps) + "]}")));
  }

  private static JsonNode awaitApps(Dashboard d, Predicate<JsonNode> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonNode apps = d.get(APPS).json().path("applications");
    while (!done.test(apps)) {
      assertThat(System.nanoTime()).as("applications now: %s", apps).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
      apps = d.get(APPS).json().path("applications");
    }
    return apps;
  }

  @Test
  void beforeAnyPutServeAnswersTheEmptyInstanceDetails() {
    try (RayJobsServer ray = RayJobsServer.start()) {
      JsonNode body = new Dashboard(ray.address()).get(APPS).json();
      assertThat(body.path("deploy_mode").asText()).isEqualTo("UNSET");
      assertThat(body.path("applications").size()).isZero();
    }
  }

  @Test
  void anApplicationGoesFromNotStartedToRunningAndAnUnlistedOneIsDeleted() {
    try (RayJobsServer ray = RayJobsServer.builder().serveDeployTime(Duration.ofMillis(300)).start()) {
      Dashboard d = new Dashboard(ray.address());
      assertThat(put(d, app("a", "/a", "1"), app("b", "/b", "1")).status()).isEqualTo(200);
      JsonNode first = d.get(APPS).json();
      assertThat(first.path("deploy_mode").asText()).isEqualTo("MULTI_APP");
      assertThat(first.path("applications").path("a").path("status").asText()).isIn("NOT_STARTED", "DEPLOYING");
      JsonNode running = awaitApps(d, apps -> apps.path("a").path("status").asText().equals("RUNNING")
          && apps.path("b").path("status").asText().equals("RUNNING"));
      assertThat(running.path("a").path("route_prefix").asText()).isEqualTo("/a");
      assertThat(running.path("a").path("deployed_app_config").path("args").path("model_version").asText())
          .isEqualTo("1");

      assertThat(put(d, app("b", "/b", "1")).status()).isEqualTo(200);
      assertThat(d.get(APPS).json().path("applications").path("a").path("status").asText()).isEqualTo("DELETING");
      JsonNode after = awaitApps(d, apps -> !apps.has("a"));
      assertThat(after.path("b").path("status").asText()).isEqualTo("RUNNING");
    }
  }

  @Test
  void aFaultyApplicationEndsDeployFailedWithRaysMessage() {
    try (RayJobsServer ray = RayJobsServer.builder()
        .serveFault(ServeFault.whenArg("model_version", "2", "RuntimeError: model file is corrupt")).start()) {
      Dashboard d = new Dashboard(ray.address());
      put(d, app("a", "/a", "2"));
      JsonNode apps = awaitApps(d, a -> a.path("a").path("status").asText().equals("DEPLOY_FAILED"));
      assertThat(apps.path("a").path("message").asText())
          .startsWith("Deploying app 'a' failed with exception:")
          .contains("RuntimeError: model file is corrupt");
    }
  }

  @Test
  void anInvalidConfigIsA400WithPydanticsError() {
    try (RayJobsServer ray = RayJobsServer.start()) {
      Dashboard d = new Dashboard(ray.address());
      Dashboard.Reply duplicate = put(d, app("a", "/x", "1"), app("b", "/x", "1"));
      assertThat(duplicate.status()).isEqualTo(400);
      assertThat(duplicate.body()).startsWith("ValidationError(model='ServeDeploySchema'")
          .contains("Found duplicate applications for route prefix \"/x\"");
      assertThat(d.get(APPS).json().path("deploy_mode").asText()).as("nothing was applied").isEqualTo("UNSET");
    }
  }
}
