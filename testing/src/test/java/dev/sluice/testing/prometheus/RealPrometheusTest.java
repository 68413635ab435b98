package dev.sluice.testing.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.metric.MetricSources;
import dev.sluice.core.metric.PrometheusClient;
import dev.sluice.core.metric.PushgatewayPublisher;
import dev.sluice.core.model.TaskContext;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.MetricTrigger;
import dev.sluice.core.trigger.SourcePolicy;
import dev.sluice.core.trigger.TriggerCondition;
import dev.sluice.core.trigger.TriggerEvaluation;
import dev.sluice.core.trigger.TriggerService;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Metric triggers against a real Prometheus (Debian's binary, started by the test) scraping an
 * endpoint the test serves. Skipped, with the reason printed, only where the binary is missing.
 */
class RealPrometheusTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  static final Task1<Long, Long> retrain = Task.named("retrain").of(x -> x + 1);
  static final Workflow<Long, Long> retraining = Workflow.named("retrain", Long.class, (wf, x) -> wf.call(retrain, x));
  static final Task1<Double, Double> evaluate =
      Task.named("evaluate").of(accuracy -> {
        TaskContext.current().metrics().record("model_accuracy", accuracy, Map.of("model", "churn"));
        return accuracy;
      });
  static final Workflow<Double, Double> evaluation = Workflow.named("churn-eval", Double.class, (wf, a) -> wf.call(evaluate, a));

  private static void requireInstalled(boolean installed, String missing) {
    if (!installed) {
      System.out.println("SKIPPED " + RealPrometheusTest.class.getSimpleName() + ": " + missing);
    }
    assumeTrue(installed, missing);
  }

  /** Serves {@code app_accuracy{model="churn"} <value>} in Prometheus' text format on /metrics. */
  private static HttpServer serve(AtomicReference<Double> value) throws IOException {
    HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    app.createContext("/metrics", exchange -> {
      byte[] body = ("# TYPE app_accuracy gauge\napp_accuracy{model=\"churn\"} " + value.get() + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    app.start();
    return app;
  }

  @Test
  void aTriggerFiresWhenTheScrapedValueDropsAndSaysSoWhenPrometheusIsGone() throws Exception {
    requireInstalled(PrometheusTestServer.isInstalled(), PrometheusTestServer.MISSING);
    AtomicReference<Double> served = new AtomicReference<>(0.93);
    HttpServer app = serve(served);
    try (PrometheusTestServer prometheus =
            PrometheusTestServer.builder().scrape("app", "127.0.0.1:" + app.getAddress().getPort()).start();
        Engine engine = Engine.builder().store(ArtifactStores.inMemory()).build()) {
      prometheus.awaitSample("app_accuracy", DEADLINE);
      PrometheusClient client = PrometheusClient.builder(prometheus.uri()).timeout(Duration.ofSeconds(10)).build();
      LaunchPlan<Long, Long> plan = LaunchPlan.builder("retrain", retraining).defaultInput(1L).build();
      SourcePolicy quick = SourcePolicy.builder().maxAttempts(1).timeout(Duration.ofSeconds(10)).build();
      try (TriggerService triggers =
          TriggerService.builder(engine).sourcePolicy(quick)
              .trigger(MetricTrigger.builder("retrain-on-drop", plan).every(Duration.ofMillis(250))
                  .when(TriggerCondition.below(MetricSources.prometheus(client, "accuracy", "app_accuracy{model=\"churn\"}"), 0.85))
                  .build())
              .trigger(MetricTrigger.builder("missing", plan).every(Duration.ofMillis(250))
                  .when(TriggerCondition.below(MetricSources.prometheus(client, "missing", "app_missing"), 0.85)).build())
              .trigger(MetricTrigger.builder("typo", plan).every(Duration.ofMillis(250))
                  .when(TriggerCondition.below(MetricSources.prometheus(client, "typo", "rate(app_accuracy[1m]"), 0.85)).build())
              .build()) {
        triggers.start();
        await(() -> has(triggers, "retrain-on-drop", Decision.NOT_MET), "an evaluation seeing 0.93");
        served.set(0.70);
        await(() -> has(triggers, "retrain-on-drop", Decision.LAUNCHED), "the trigger firing after the value dropped");

        TriggerEvaluation fired = find(triggers, "retrain-on-drop", Decision.LAUNCHED).orElseThrow();
        assertThat(fired.reason()).startsWith("accuracy 0.7 < 0.85 → launched run retrain-");
        MetricSample seen = fired.seen().get(0).samples().get(0);
        assertThat(seen.name()).isEqualTo("app_accuracy");
        assertThat(seen.labels()).containsEntry("model", "churn").containsEntry("job", "app");
        assertThat(find(triggers, "retrain-on-drop", Decision.NOT_MET).orElseThrow().reason()).isEqualTo("accuracy 0.93 ≥ 0.85");
        assertThat(find(triggers, "missing", Decision.NO_DATA).orElseThrow().reason()).isEqualTo("missing: no data");
        assertThat(find(triggers, "typo", Decision.SOURCE_ERROR).orElseThrow().reason())
            .startsWith("typo: source error: Prometheus refused query 'rate(app_accuracy[1m]': bad_data: ");
        // A series that does not exist is NO_DATA, never a firing or a source error. (A query that
        // times out on a loaded machine is SOURCE_UNAVAILABLE, which is the truth, so it is allowed.)
        assertThat(triggers.history("missing")).extracting(TriggerEvaluation::decision)
            .contains(Decision.NO_DATA)
            .isSubsetOf(Decision.NO_DATA, Decision.SOURCE_UNAVAILABLE);

        prometheus.close();
        await(() -> has(triggers, "retrain-on-drop", Decision.SOURCE_UNAVAILABLE), "an evaluation without Prometheus");
        assertThat(find(triggers, "retrain-on-drop", Decision.SOURCE_UNAVAILABLE).orElseThrow().reason())
            .contains("accuracy: source unavailable: Prometheus at " + prometheus.uri());
      }
    } finally {
      app.stop(0);
    }
  }

  @Test
  void metricsTasksRecordReachPrometheusThroughThePushgateway() {
    requireInstalled(PrometheusTestServer.isInstalled(), PrometheusTestServer.MISSING);
    requireInstalled(PushgatewayTestServer.isInstalled(), PushgatewayTestServer.MISSING);
    ArtifactStore store = ArtifactStores.inMemory();
    try (PushgatewayTestServer gateway = PushgatewayTestServer.start(DEADLINE);
        PrometheusTestServer prometheus = PrometheusTestServer.builder().scrape("pushgateway", gateway.target()).start();
        PushgatewayPublisher push = PushgatewayPublisher.builder(gateway.uri(), store).build();
        Engine engine = Engine.builder().store(store).listener(push).build()) {
      assertThat(engine.run(evaluation, 0.77).await()).isEqualTo(0.77);
      prometheus.awaitSample("model_accuracy", DEADLINE);
      List<MetricSample> samples = PrometheusClient.builder(prometheus.uri()).build().query("model_accuracy");
      assertThat(samples).singleElement().satisfies(s -> {
        assertThat(s.value()).isEqualTo(0.77);
        assertThat(s.labels()).containsEntry("model", "churn").containsEntry("node", "evaluate").containsEntry("job", "churn-eval");
      });
    }
  }

  private static boolean has(TriggerService triggers, String name, Decision decision) {
    return find(triggers, name, decision).isPresent();
  }

  private static Optional<TriggerEvaluation> find(TriggerService triggers, String name, Decision decision) {
    return triggers.history(name).stream().filter(e -> e.decision() == decision).findFirst();
  }

  private static void await(BooleanSupplier condition, String what) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + DEADLINE + ": " + what);
      }
      LockSupport.parkNanos(20_000_000);
    }
  }
}
