package dev.sluice.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.log.RunMdc;
import dev.sluice.core.model.TaskContext;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import io.opentelemetry.context.Context;
import org.slf4j.MDC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run, node and attempt spans of local runs, with their attributes. */
class TracingTest {
  static final Task1<Integer, Integer> inc = Task.named("inc").of(x -> x + 1);
  static final Task1<Integer, Integer> boom = Task.named("boom").of(x -> {
    throw new IllegalStateException("no good");
  });
  static final Workflow<Integer, Integer> local =
      Workflow.named("local-flow", Integer.class, (wf, x) -> wf.call(inc, wf.call(TracedTasks.prep, x)));
  static final Workflow<Integer, Integer> failing = Workflow.named("failing-flow", Integer.class, (wf, x) -> wf.call(boom, x));

  @Test
  void aRunIsASpanWithAChildPerNodeAndAGrandchildPerAttempt(@TempDir Path dir) throws Exception {
    try (Tracing tracing = new Tracing();
        Engine engine = tracing.sluice.instrument(Engine.builder())
            .workDirectory(dir).store(ArtifactStores.filesystem(dir.resolve("store"))).build()) {
      RunHandle<Integer> first = engine.run(local, 1);
      assertThat(first.await(Duration.ofSeconds(10))).isEqualTo(3);
      RunHandle<Integer> second = engine.run(local, 1);
      assertThat(second.await(Duration.ofSeconds(10))).isEqualTo(3);

      SpanData run = tracing.one(Tracing.named("run local-flow", first.runId()), "the first run");
      assertThat(run.getParentSpanId()).isEqualTo(SpanId.getInvalid());
      assertThat(run.getAttributes().get(TraceAttributes.WORKFLOW)).isEqualTo("local-flow");
      assertThat(run.getAttributes().get(TraceAttributes.STATE)).isEqualTo("succeeded");
      SpanData prep = tracing.one(Tracing.named("node prep", first.runId()), "prep of the first run");
      assertThat(prep.getParentSpanId()).isEqualTo(run.getSpanId());
      assertThat(prep.getTraceId()).isEqualTo(run.getTraceId());
      assertThat(prep.getAttributes().get(TraceAttributes.TASK)).isEqualTo("prep");
      assertThat(prep.getAttributes().get(TraceAttributes.EXECUTOR)).isEqualTo("local");
      assertThat(prep.getAttributes().get(TraceAttributes.CACHE_HIT)).isFalse();
      assertThat(prep.getAttributes().get(TraceAttributes.REPLAYED)).isFalse();
      SpanData attempt = tracing.one(Tracing.named("attempt prep", first.runId()), "prep's attempt");
      assertThat(attempt.getParentSpanId()).isEqualTo(prep.getSpanId());
      assertThat(attempt.getAttributes().get(TraceAttributes.ATTEMPT)).isEqualTo(1L);
      assertThat(attempt.getAttributes().get(TraceAttributes.ATTEMPT_NAME)).startsWith(first.runId());

      // the second run's prep came from the cache: its node span says so, and no attempt ran
      SpanData cached = tracing.one(Tracing.named("node prep", second.runId()), "prep of the second run");
      assertThat(cached.getAttributes().get(TraceAttributes.CACHE_HIT)).isTrue();
      assertThat(cached.getAttributes().get(TraceAttributes.STATE)).isEqualTo("cached");
      assertThat(tracing.spans()).noneMatch(Tracing.named("attempt prep", second.runId()));
      assertThat(cached.getTraceId()).isNotEqualTo(run.getTraceId());
    }
  }

  @Test
  void aFailedNodeAndItsRunAreErrorSpansWithTheErrorType(@TempDir Path dir) throws Exception {
    try (Tracing tracing = new Tracing();
        Engine engine = tracing.sluice.instrument(Engine.builder()).workDirectory(dir).build()) {
      RunHandle<Integer> run = engine.run(failing, 1);
      try {
        run.await(Duration.ofSeconds(10));
      } catch (RuntimeException expected) {
        // the spans say why
      }
      SpanData node = tracing.one(Tracing.named("node boom", run.runId()), "the failed node");
      assertThat(node.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(node.getAttributes().get(TraceAttributes.ERROR_TYPE)).isEqualTo("java.lang.IllegalStateException");
      SpanData attempt = tracing.one(Tracing.named("attempt boom", run.runId()), "the failed attempt");
      assertThat(attempt.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(attempt.getEvents()).anyMatch(e -> e.getName().equals("exception"));
      SpanData runSpan = tracing.one(Tracing.named("run failing-flow", run.runId()), "the failed run");
      assertThat(runSpan.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }
  }

  /** What a body saw: the span current on its thread, and on a thread it started, with that thread's MDC. */
  record Seen(String bodySpan, String childThreadSpan, String childThreadRunId, String childThreadNode) {}

  static final Map<Integer, Seen> SEEN = new ConcurrentHashMap<>();
  static final Task1<Integer, Integer> spawning = Task.named("spawning").of(x -> {
    String bodySpan = Span.current().getSpanContext().getSpanId();
    // the documented way to hand the attempt to a thread of its own: its TaskContext (TaskContext.current()
    // and the MDC) with TaskContext.callWith, and the OTel context with Context.wrap
    TaskContext task = TaskContext.current();
    Callable<String[]> onChild = Context.current().wrap(() -> TaskContext.callWith(task, () -> new String[] {
        Span.current().getSpanContext().getSpanId(), MDC.get(RunMdc.RUN_ID), MDC.get(RunMdc.NODE)}));
    ExecutorService own = Executors.newSingleThreadExecutor();
    try {
      String[] child = own.submit(onChild).get();
      SEEN.put(x, new Seen(bodySpan, child[0], child[1], child[2]));
    } finally {
      own.shutdown();
    }
    return x;
  });
  static final Workflow<Integer, Integer> spawningFlow =
      Workflow.named("spawning-flow", Integer.class, (wf, x) -> wf.call(spawning, x));

  @Test
  void aLocalBodyRunsInsideItsAttemptSpanAndAThreadItHandsItsContextToToo(@TempDir Path dir) throws Exception {
    try (Tracing tracing = new Tracing();
        Engine engine = tracing.sluice.instrument(Engine.builder()).workDirectory(dir).build()) {
      RunHandle<Integer> run = engine.run(spawningFlow, 42);
      assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(42);
      SpanData attempt = tracing.one(Tracing.named("attempt spawning", run.runId()), "the attempt");
      Seen seen = SEEN.get(42);
      assertThat(seen.bodySpan()).as("the span current in the body").isEqualTo(attempt.getSpanId());
      assertThat(seen.childThreadSpan()).as("on the body's own thread").isEqualTo(attempt.getSpanId());
      assertThat(seen.childThreadRunId()).isEqualTo(run.runId());
      assertThat(seen.childThreadNode()).isEqualTo("spawning");
    }
  }
}
