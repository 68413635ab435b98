package dev.sluice.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.log.RunMdc;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import dev.sluice.executor.kubernetes.KubernetesConfig;
import dev.sluice.executor.kubernetes.KubernetesExecutor;
import dev.sluice.executor.ray.RayConfig;
import dev.sluice.executor.ray.RayExecutor;
import dev.sluice.testing.kubernetes.JobSimulator;
import dev.sluice.testing.ray.RayJobsServer;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace context reaches remote attempts: the task runner, started by the Ray stand-in or the
 * Kubernetes job simulator as a separate JVM with an OpenTelemetry SDK, continues the run's trace
 * under the attempt's span; a resumed run's replayed nodes are spans marked replayed.
 */
class RemoteTracingTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Starts the traced runner with this test's class path, its spans appended to {@code spans}. */
  private static List<String> launcher(String java, Path spans) {
    return List.of(java, "-cp", System.getProperty("java.class.path"), "-Dsluice.test.spans=" + spans,
        TracedRunnerMain.class.getName());
  }

  private static String localJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static RayExecutor ray(RayJobsServer ray, Path spans) {
    return RayExecutor.connect(RayConfig.builder(ray.address())
        .jvmLauncher(launcher(localJava(), spans).toArray(String[]::new))
        .poll(Duration.ofMillis(20))
        .build());
  }

  /** The remote task span is in the attempt's trace, its child. */
  private static void assertJoined(Tracing tracing, Path spans, String runId, String task) throws Exception {
    SpanData attempt = tracing.one(Tracing.named("attempt " + task, runId), "the remote attempt");
    List<Tracing.RemoteSpan> remote = Tracing.remoteSpans(spans).stream()
        .filter(s -> s.name().equals("task " + task) && s.traceId().equals(attempt.getTraceId())).toList();
    assertThat(remote).as("task spans of the run's trace in %s", Tracing.remoteSpans(spans)).hasSize(1);
    assertThat(remote.get(0).parentSpanId()).isEqualTo(attempt.getSpanId());
    SpanData run = tracing.one(Tracing.named("run " + attempt.getAttributes().get(TraceAttributes.WORKFLOW), runId), "the run");
    assertThat(attempt.getTraceId()).isEqualTo(run.getTraceId());
  }

  @Test
  void aTaskRunAsARayJobJoinsTheRunsTraceAndLogsItsRunNodeAndAttemptAsJson(@TempDir Path dir) throws Exception {
    Path spans = dir.resolve("spans.txt");
    try (Tracing tracing = new Tracing();
        RayJobsServer rayServer = RayJobsServer.start();
        Engine engine = tracing.sluice.instrument(Engine.builder())
            .workDirectory(dir.resolve("work")).store(ArtifactStores.filesystem(dir.resolve("store")))
            .executor("ray", ray(rayServer, spans)).build()) {
      RunHandle<Integer> run = engine.run(TracedTasks.ON_RAY, 3);
      assertThat(run.await(WAIT)).isEqualTo(16);
      assertJoined(tracing, spans, run.runId(), "square-ray");
      SpanData attempt = tracing.one(Tracing.named("attempt square-ray", run.runId()), "the Ray attempt");
      assertThat(attempt.getAttributes().get(TraceAttributes.EXECUTOR)).isEqualTo("ray");
      assertThat(attempt.getEvents()).anyMatch(e -> e.getName().equals("submitted"));

      // the runner's and the task's lines, as Logback's JsonEncoder wrote them in the Ray job's log
      String attemptName = attempt.getAttributes().get(TraceAttributes.ATTEMPT_NAME);
      List<JsonNode> lines = new ArrayList<>();
      for (String line : rayServer.logs(attemptName).split("\n")) {
        if (line.startsWith("{")) {
          lines.add(JSON.readTree(line));
        }
      }
      assertThat(lines).as("JSON log lines of the Ray job").isNotEmpty();
      assertThat(lines).filteredOn(l -> l.path("message").asText().contains("squaring")).singleElement()
          .satisfies(l -> {
            assertThat(l.path("mdc").path(RunMdc.RUN_ID).asText()).isEqualTo(run.runId());
            assertThat(l.path("mdc").path(RunMdc.NODE).asText()).isEqualTo("square-ray");
            assertThat(l.path("mdc").path(RunMdc.ATTEMPT).asText()).isEqualTo("1");
          });
      assertThat(lines).filteredOn(l -> l.path("loggerName").asText().startsWith("dev.sluice"))
          .isNotEmpty()
          .allSatisfy(l -> assertThat(l.path("mdc").path(RunMdc.RUN_ID).asText()).isEqualTo(run.runId()));
    }
  }

  @Test
  void aTaskRunAsAKubernetesJobJoinsTheRunsTrace(@TempDir Path dir) throws Exception {
    Path spans = dir.resolve("spans.txt");
    try (Tracing tracing = new Tracing();
        JobSimulator sim = JobSimulator.builder().workDirectory(dir.resolve("sim")).start();
        KubernetesExecutor k8s = KubernetesExecutor.create(KubernetesConfig.builder()
            .kubeconfig(sim.kubeconfig()).image("registry.example.com/traced:1")
            .jvmLauncher(launcher("java", spans)).build());
        Engine engine = tracing.sluice.instrument(Engine.builder())
            .workDirectory(dir.resolve("work")).store(ArtifactStores.filesystem(dir.resolve("store")))
            .executor("k8s", k8s).build()) {
      RunHandle<Integer> run = engine.run(TracedTasks.ON_K8S, 4);
      assertThat(run.await(WAIT)).isEqualTo(25);
      assertJoined(tracing, spans, run.runId(), "square-k8s");
      SpanData attempt = tracing.one(Tracing.named("attempt square-k8s", run.runId()), "the Kubernetes attempt");
      assertThat(attempt.getEvents()).anyMatch(e -> e.getName().equals("submitted"));
    }
  }

  /** An executor that accepts attempts and never ends them: the engine stops with the attempt in flight. */
  static final class Hanging implements TaskExecutor {
    @Override
    public CompletableFuture<Object> start(Attempt attempt) {
      return new CompletableFuture<>();
    }
  }

  @Test
  void aResumedRunTracesItsReplayedNodesAsReplayedAndItsRemoteAttemptJoinsTheNewTrace(@TempDir Path dir)
      throws Exception {
    Path spans = dir.resolve("spans.txt");
    RunStore runs = RunStores.filesystem(dir.resolve("journal"));
    String runId;
    SpanData firstLife;
    try (Tracing first = new Tracing();
        Engine doomed = first.sluice.instrument(Engine.builder())
            .workDirectory(dir.resolve("work")).store(ArtifactStores.filesystem(dir.resolve("store")))
            .runStore(runs).executor("ray", new Hanging()).build()) {
      RunHandle<Integer> run = doomed.run(TracedTasks.ON_RAY, 5);
      runId = run.runId();
      await("square-ray running", () -> run.status().node("square-ray")
          .map(n -> n.state() == NodeState.RUNNING).orElse(false));
      firstLife = first.one(Tracing.named("node prep", runId), "prep in the first life");
    } // closed with the run unfinished in the journal: prep succeeded, square-ray in flight

    try (Tracing tracing = new Tracing();
        RayJobsServer rayServer = RayJobsServer.start();
        Engine rescuer = tracing.sluice.instrument(Engine.builder())
            .workDirectory(dir.resolve("work")).store(ArtifactStores.filesystem(dir.resolve("store")))
            .runStore(runs).workflows(TracedTasks.ON_RAY).executor("ray", ray(rayServer, spans)).build()) {
      RunHandle<Object> resumed = rescuer.resume(runId);
      assertThat(resumed.await(WAIT)).isEqualTo(36);
      SpanData prep = tracing.one(Tracing.named("node prep", runId), "the replayed node");
      assertThat(prep.getAttributes().get(TraceAttributes.REPLAYED)).isTrue();
      assertThat(prep.getAttributes().get(TraceAttributes.STATE)).isEqualTo("succeeded");
      assertThat(tracing.spans()).noneMatch(Tracing.named("attempt prep", runId));
      SpanData square = tracing.one(Tracing.named("node square-ray", runId), "the node run again");
      assertThat(square.getAttributes().get(TraceAttributes.REPLAYED)).isFalse();
      assertThat(prep.getTraceId()).isEqualTo(square.getTraceId());
      assertJoined(tracing, spans, runId, "square-ray");
      // a new trace, whose run span links to the first life's run span (prep's parent there)
      SpanData runSpan = tracing.one(Tracing.named("run traced-ray", runId), "the resumed run");
      assertThat(runSpan.getTraceId()).isNotEqualTo(firstLife.getTraceId());
      assertThat(runSpan.getLinks()).singleElement().satisfies(link -> {
        assertThat(link.getSpanContext().getTraceId()).isEqualTo(firstLife.getTraceId());
        assertThat(link.getSpanContext().getSpanId()).isEqualTo(firstLife.getParentSpanId());
        assertThat(link.getAttributes().get(TraceAttributes.LINK)).isEqualTo("resumes");
      });
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not reached within " + WAIT + ": " + what);
      }
      LockSupport.parkNanos(5_000_000);
    }
  }
}
