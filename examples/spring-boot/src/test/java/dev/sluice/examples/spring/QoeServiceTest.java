package dev.sluice.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.journal.RunQuery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service starts, runs its workflow on the schedule, and its health and metrics endpoints answer. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "qoe.check.every=1s")
class QoeServiceTest {
  /**
   * The store folder, under target/: Spring keeps the context (and its engine writing here) until
   * the JVM ends, after a JUnit temp folder would be deleted.
   */
  static final Path store = Path.of("target", "qoe-service-test-" + System.nanoTime()).toAbsolutePath();

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("sluice.store", () -> store.toUri().toString());
  }

  @LocalServerPort int port;
  @Autowired Engine engine;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  JsonNode get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  static void awaitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 60 s for " + what);
      }
      LockSupport.parkNanos(20_000_000);
    }
  }

  @Test
  void theScheduleRunsTheWorkflowAndHealthAndMetricsAnswer() throws Exception {
    awaitUntil(() -> engine.journal().runs(RunQuery.builder().workflow("qoe-check").states(RunState.SUCCEEDED).build())
        .size() >= 2, "two scheduled qoe-check runs to succeed");
    JsonNode health = get("/actuator/health");
    assertThat(health.get("status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/sluice/status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/sluice/details/store").asText()).startsWith("file:").contains("qoe-service-test-");
    JsonNode metrics = get("/actuator/metrics");
    assertThat(metrics.get("names").toString()).contains("jvm.memory.used", "sluice.runs.started");
    JsonNode started = get("/actuator/metrics/sluice.runs.started?tag=workflow:qoe-check");
    assertThat(started.at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(2.0);
  }
}
