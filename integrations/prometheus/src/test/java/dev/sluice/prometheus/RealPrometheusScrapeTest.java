package dev.sluice.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.engine.Deadline;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunFailedException;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.metric.PrometheusClient;
import dev.sluice.core.model.Approval;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.spi.StoreUnavailableException;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.trigger.TriggerService;
import dev.sluice.dsl.Gate;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import dev.sluice.micrometer.SluiceMetrics;
import dev.sluice.testing.prometheus.PrometheusTestServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus (Debian's binary) scrapes a running engine's metrics from the standalone
 * endpoint; PromQL returns the counts the runs produced, and every query of the Grafana dashboard
 * in docs/ is valid and answers with data.
 */
class RealPrometheusScrapeTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final ConcurrentHashMap<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
  private static final CountDownLatch LATE = new CountDownLatch(1);

  static final Task1<Integer, Integer> load = Task.named("load").cache("v1").of(x -> x * 2);
  static final Task1<Integer, Integer> train = Task.named("train")
      .retry(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1)).build())
      .of(x -> {
        // every first call of a run's input fails once: one retry per run
        if (CALLS.computeIfAbsent("train-" + x, k -> new AtomicInteger()).incrementAndGet() % 2 == 1) {
          throw new IllegalStateException("flaky first attempt");
        }
        return x + 1;
      });
  static final Task1<Integer, Integer> boom = Task.named("boom").of(x -> {
    throw new IllegalArgumentException("always fails");
  });
  static final Task1<Integer, Integer> remote = Task.named("remote").executor("remote").of(x -> x);
  static final Task1<Integer, Integer> slow = Task.named("slow").of(x -> {
    LATE.await(20, TimeUnit.SECONDS);
    return x;
  });

  static final Workflow<Integer, Integer> trainFlow =
      Workflow.named("train-flow", Integer.class, (wf, in) -> wf.call(train, wf.call(load, in)));
  static final Workflow<Integer, Integer> failFlow = Workflow.named("fail-flow", Integer.class, (wf, in) -> wf.call(boom, in));
  static final Workflow<Integer, Integer> remoteFlow = Workflow.named("remote-flow", Integer.class, (wf, in) -> wf.call(remote, in));
  static final Workflow<Integer, Integer> lateFlow = Workflow.named("late-flow", Integer.class, (wf, in) -> wf.call(slow, in));

  static final Gate<Approval> APPROVE = Gate.approval("approve");
  static final Workflow<Integer, Approval> gateFlow =
      Workflow.named("gate-flow", Integer.class, (wf, in) -> wf.await(APPROVE));
  static final Workflow<Integer, Approval> timeoutFlow = Workflow.named("timeout-flow", Integer.class,
      (wf, in) -> wf.await(Gate.approval("quick").timeout(Duration.ofMillis(20))));

  /** An executor that reports its attempts submitted, as the Ray and Kubernetes executors do, and runs them here. */
  static final class ReportingExecutor implements TaskExecutor {
    @Override
    public CompletableFuture<Object> start(Attempt attempt) {
      attempt.submitted(false);
      return CompletableFuture.completedFuture(attempt.inputs()[0]);
    }
  }

  @Test
  void prometheusScrapesTheEngineAndPromqlReturnsTheRunsCountsAndEveryDashboardQueryAnswers(@TempDir Path dir)
      throws Exception {
    assumeTrue(PrometheusTestServer.isInstalled(), PrometheusTestServer.MISSING);
    PrometheusMeterRegistry registry = PrometheusEndpoint.newRegistry();
    SluiceMetrics metrics = SluiceMetrics.of(registry);
    RunListener releaseWhenLate = new RunListener() {
      @Override
      public void runLate(RunEvent.RunLate event) {
        LATE.countDown();
      }
    };
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(registry, new InetSocketAddress("127.0.0.1", 0));
        Engine engine = metrics.instrument(Engine.builder())
            .store(metrics.meter(new BrokenKeysStore(ArtifactStores.filesystem(dir.resolve("store")))))
            .workDirectory(dir)
            .executor("remote", new ReportingExecutor())
            .build()) {
      for (int i = 0; i < 3; i++) {
        assertThat(engine.run(trainFlow, 5).await(Duration.ofSeconds(20))).isEqualTo(11);
      }
      try {
        engine.run(failFlow, 1).await(Duration.ofSeconds(20));
      } catch (RuntimeException expected) {
        // counted as failed
      }
      engine.run(remoteFlow, 3).await(Duration.ofSeconds(20));
      engine.run(lateFlow, 4, RunOptions.builder().listener(releaseWhenLate)
          .deadline(Deadline.notifyAfter(Duration.ofMillis(20))).build()).await(Duration.ofSeconds(20));
      RunHandle<Approval> gated = engine.run(gateFlow, 5); // waits for its approval while Prometheus scrapes
      assertThatThrownBy(() -> engine.run(timeoutFlow, 1).await(Duration.ofSeconds(20)))
          .isInstanceOf(RunFailedException.class);

      LaunchPlan<Integer, Integer> everySecond = LaunchPlan.builder("every-second", remoteFlow)
          .defaultInput(7).schedule(Schedule.every(Duration.ofSeconds(1))).build();
      try (TriggerService triggers = TriggerService.builder(engine).launchPlan(everySecond)
          .listener(metrics.triggerListener()).build();
          PrometheusTestServer prometheus = PrometheusTestServer.builder()
              .scrape("sluice", "127.0.0.1:" + endpoint.port()).start()) {
        triggers.start();
        assertThat(scrape(endpoint.uri())).contains("sluice_runs_started_total");
        prometheus.awaitSample("sluice_runs_ended_total", DEADLINE);
        PrometheusClient promql = PrometheusClient.builder(prometheus.uri()).build();
        // one more run once Prometheus scrapes, so that rates over the last minute are not 0/0
        assertThat(engine.run(trainFlow, 5).await(Duration.ofSeconds(20))).isEqualTo(11);
        // and a store failure, counted as one
        assertThatThrownBy(() -> engine.store().put("broken/x", new byte[] {1}))
            .isInstanceOf(StoreUnavailableException.class);

        awaitValue(promql, "sum(sluice_runs_ended_total{workflow=\"train-flow\",state=\"succeeded\"})", v -> v == 4);
        awaitValue(promql, "sum(sluice_runs_ended_total{workflow=\"fail-flow\",state=\"failed\"})", v -> v == 1);
        awaitValue(promql, "sum(sluice_cache_hits_total{task=\"load\"})", v -> v == 3);
        awaitValue(promql, "sum(sluice_cache_misses_total{task=\"load\"})", v -> v == 1);
        awaitValue(promql, "sum(sluice_node_retries_total{task=\"train\",executor=\"local\"})", v -> v == 4);
        awaitValue(promql, "sum(sluice_node_duration_seconds_count{task=\"train\",state=\"succeeded\"})", v -> v == 4);
        awaitValue(promql, "sum(sluice_attempt_duration_seconds_count{task=\"train\",outcome=\"failure\"})", v -> v == 4);
        awaitValue(promql, "sum(sluice_runs_late_total{workflow=\"late-flow\"})", v -> v == 1);
        awaitValue(promql, "sum(sluice_remote_submissions_total{executor=\"remote\",reattached=\"false\"})", v -> v >= 1);
        awaitValue(promql, "sum(sluice_trigger_firings_total{trigger=\"every-second\"})", v -> v >= 1);
        awaitValue(promql, "sum(sluice_store_operation_seconds_count{operation=\"put\",outcome=\"success\"})", v -> v > 0);
        awaitValue(promql, "sum(sluice_store_operation_seconds_count{operation=\"put\",outcome=\"failure\"})", v -> v == 1);
        awaitValue(promql, "sum(sluice_gates_waiting{workflow=\"gate-flow\"})", v -> v == 1);
        awaitValue(promql, "sum(sluice_gates_timeouts_total{workflow=\"timeout-flow\",kind=\"signal\",outcome=\"failed\"})",
            v -> v == 1);
        engine.signal(gated.runId(), "approve", Approval.approve("ana", "ok"), "approval-1");
        assertThat(gated.await(Duration.ofSeconds(20)).approved()).isTrue();
        awaitValue(promql, "sum(sluice_gates_signals_total{workflow=\"gate-flow\"})", v -> v == 1);
        awaitValue(promql, "sum(sluice_gates_waiting{workflow=\"gate-flow\"})", v -> v == 0);

        for (String query : dashboardQueries()) {
          awaitValue(promql, query, v -> !Double.isNaN(v) || query.contains("histogram_quantile"));
        }
      }
    }
  }

  /** Every {@code expr} of the dashboard, with its variables set to "all" and a fixed rate window. */
  static List<String> dashboardQueries() throws Exception {
    Path file = Path.of(System.getProperty("user.dir")).resolve("../../docs/grafana/sluice-dashboard.json").normalize();
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(file));
    List<String> queries = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        queries.add(target.get("expr").asText()
            .replace("$__rate_interval", "1m")
            .replace("$workflow", ".*")
            .replace("$executor", ".*"));
      }
    }
    assertThat(queries).hasSizeGreaterThanOrEqualTo(15);
    return queries;
  }

  /** Waits until {@code query} answers with at least one series, all of whose values pass {@code ok}. */
  private static void awaitValue(PrometheusClient promql, String query, DoublePredicate ok) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    List<MetricSample> last = List.of();
    while (System.nanoTime() < end) {
      last = promql.query(query);
      if (!last.isEmpty() && last.stream().allMatch(s -> ok.test(s.value()))) {
        return;
      }
      LockSupport.parkNanos(200_000_000L);
    }
    throw new AssertionError("query did not answer as expected within " + DEADLINE + ": " + query + " -> " + last);
  }

  private static String scrape(URI uri) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains(PrometheusEndpoint.CONTENT_TYPE);
    return response.body();
  }
}
