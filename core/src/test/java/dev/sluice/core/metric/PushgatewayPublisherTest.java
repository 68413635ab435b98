package dev.sluice.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.core.Await;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.TaskContext;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the publisher sends: one PUT per run with the latest value of each recorded series. */
class PushgatewayPublisherTest {
  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private final ArtifactStore store = ArtifactStores.inMemory();

  PushgatewayPublisherTest() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + "\n" + body);
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI gateway() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static WorkflowDefinition<Double, Double> evaluation() {
    TaskSpec task =
        TaskSpec.builder("evaluate").input("in0", Double.class).output(Double.class)
            .jvm((args, ctx) -> {
              TaskContext.current().metrics().record("accuracy", 0.5, Map.of("model", "a \"quoted\" name"));
              TaskContext.current().metrics().record("accuracy", (Double) args[0], Map.of("model", "a \"quoted\" name"));
              TaskContext.current().metrics().record("rows", 1000);
              return (Double) args[0];
            })
            .build();
    WorkflowSpec spec =
        WorkflowSpec.builder("churn-eval", Double.class).node(new TaskNode("evaluate", task, List.of(Binding.INPUT)))
            .output(Binding.output("evaluate"), Double.class).build();
    return () -> spec;
  }

  @Test
  void aFinishedRunPushesTheLatestValueOfEachSeries() throws Exception {
    try (PushgatewayPublisher push = PushgatewayPublisher.builder(gateway(), store).build();
        Engine engine = Engine.builder().store(store).listener(push).build()) {
      RunHandle<Double> run = engine.run(evaluation(), 0.81);
      run.await();
      assertThat(push.publish(run.runId(), "churn-eval").get(20, TimeUnit.SECONDS)).isEqualTo(2);
      Await.until(() -> requests.size() >= 2, "the listener's push and ours");
    }
    String job = Base64.getUrlEncoder().withoutPadding().encodeToString("churn-eval".getBytes(StandardCharsets.UTF_8));
    assertThat(requests.get(0)).isEqualTo(
        "PUT /metrics/job@base64/" + job + "\n"
            + "# TYPE accuracy gauge\n"
            + "accuracy{model=\"a \\\"quoted\\\" name\",node=\"evaluate\"} 0.81\n"
            + "# TYPE rows gauge\n"
            + "rows{node=\"evaluate\"} 1000.0\n");
  }

  @Test
  void aRunWithoutMetricsPushesNothingAndAFailingGatewayIsRetriedThenReported() throws Exception {
    try (PushgatewayPublisher push = PushgatewayPublisher.builder(gateway(), store).job("nightly").maxAttempts(2).build()) {
      assertThat(push.publish("no-such-run", "w").get(20, TimeUnit.SECONDS)).isZero();
      assertThat(requests).isEmpty();
      RecordedMetrics.recorder(store, Clock.systemUTC(), new FixedContext("r-1")).record("accuracy", 0.9);
      status = 500;
      assertThatThrownBy(() -> push.publish("r-1", "w").get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("answered 500");
      assertThat(requests).hasSize(2).allSatisfy(r -> assertThat(r).startsWith("PUT /metrics/job@base64/bmlnaHRseQ\n"));
    }
  }
}
