package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.Await;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.Attempt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The hooks observability integrations use: enriched transitions, attempt environment, deadlines
 * (the MDC is tested with Logback in sluice-opentelemetry, as slf4j-simple has no MDC).
 */
class ObservabilityHooksTest {

  @Test
  void transitionsNameTheTaskAndTheExecutor() throws Exception {
    Recorder recorder = new Recorder();
    TaskSpec inc = Dag.task("inc", 1, (args, ctx) -> (Long) args[0] + 1);
    WorkflowSpec spec = Dag.named("named").call("a", inc, Dag.INPUT).returning("a");
    try (Engine engine = Engine.local()) {
      engine.run(spec, 1L, recorder.options()).await(Duration.ofSeconds(10));
    }
    RunEvent.NodeTransition last = recorder.transitions("a").get(recorder.transitions("a").size() - 1);
    assertThat(last.to()).isEqualTo(NodeState.SUCCEEDED);
    assertThat(last.task()).contains("inc");
    assertThat(last.executor()).contains(Engine.LOCAL);
    assertThat(last.replayed()).isFalse();
  }

  @Test
  void anInterceptorAddsToTheEnvironmentOfTheAttemptTheExecutorReceives() throws Exception {
    AtomicReference<Attempt> received = new AtomicReference<>();
    TaskSpec inc = Dag.task("inc", 1, (args, ctx) -> (Long) args[0] + 1);
    WorkflowSpec spec = Dag.named("env").call("a", inc, Dag.INPUT).returning("a");
    try (Engine engine = Engine.builder()
        .interceptor((attempt, next) -> next.proceed(attempt.withEnvironment(Map.of("TRACEPARENT", "00-abc"))))
        .interceptor((attempt, next) -> {
          received.set(attempt);
          return next.proceed(attempt);
        })
        .build()) {
      engine.run(spec, 1L, RunOptions.DEFAULT).await(Duration.ofSeconds(10));
    }
    assertThat(received.get().environment()).containsEntry("TRACEPARENT", "00-abc");
    assertThat(received.get().nodePath()).isEqualTo("a");
    assertThat(received.get().executor()).isEqualTo(Engine.LOCAL);
  }

  @Test
  void aRunPastItsDeadlineIsReportedLateAndRunsOn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Recorder recorder = new Recorder();
    TaskSpec slow = Dag.task("slow", 1, (args, ctx) -> {
      release.await(30, TimeUnit.SECONDS);
      return 1L;
    });
    WorkflowSpec spec = Dag.named("late").call("s", slow, Dag.INPUT).returning("s");
    try (Engine engine = Engine.local()) {
      RunOptions options = RunOptions.builder()
          .listener(recorder.listener).deadline(Deadline.notifyAfter(Duration.ofMillis(50))).build();
      RunHandle<Object> run = engine.run(spec, 1L, options);
      Await.until(() -> recorder.events.stream().anyMatch(e -> e instanceof RunEvent.RunLate), "the run reported late");
      RunEvent.RunLate late = (RunEvent.RunLate) recorder.events.stream()
          .filter(e -> e instanceof RunEvent.RunLate).findFirst().orElseThrow();
      assertThat(late.deadline()).isEqualTo(Duration.ofMillis(50));
      assertThat(late.cancelling()).isFalse();
      assertThat(run.isDone()).isFalse();
      release.countDown();
      assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(1L);
    }
  }

  @Test
  void aCancellingDeadlineCancelsTheRun() {
    TaskSpec hang = Dag.task("hang", 1, (args, ctx) -> {
      new CountDownLatch(1).await(30, TimeUnit.SECONDS);
      return 1L;
    });
    WorkflowSpec spec = Dag.named("hangs").call("h", hang, Dag.INPUT).returning("h");
    try (Engine engine = Engine.local()) {
      RunHandle<Object> run = engine.run(spec, 1L,
          RunOptions.builder().deadline(Deadline.cancelAfter(Duration.ofMillis(50))).build());
      assertThatThrownBy(() -> run.await(Duration.ofSeconds(10)))
          .isInstanceOf(RunFailedException.class)
          .hasMessageContaining("cancelled");
      assertThat(run.status().state()).isEqualTo(RunState.CANCELLED);
      assertThat(run.status().node("h").orElseThrow().error().orElseThrow().type()).isEqualTo("DeadlineExceeded");
    }
  }

  @Test
  void aRunThatEndsInTimeIsNeverReportedLate() throws Exception {
    Recorder recorder = new Recorder();
    TaskSpec inc = Dag.task("inc", 1, (args, ctx) -> (Long) args[0] + 1);
    WorkflowSpec spec = Dag.named("quick").call("a", inc, Dag.INPUT).returning("a");
    try (Engine engine = Engine.local()) {
      engine.run(spec, 1L, RunOptions.builder().listener(recorder.listener)
          .deadline(Deadline.notifyAfter(Duration.ofMillis(200))).build()).await(Duration.ofSeconds(10));
      // the timer was cancelled when the run ended: wait past the deadline on a completable future
      CompletableFuture<Void> past = new CompletableFuture<>();
      CompletableFuture.delayedExecutor(400, TimeUnit.MILLISECONDS).execute(() -> past.complete(null));
      past.get(5, TimeUnit.SECONDS);
    }
    assertThat(recorder.events).noneMatch(e -> e instanceof RunEvent.RunLate);
    assertThat(List.copyOf(recorder.events)).anyMatch(e -> e instanceof RunEvent.RunFinished);
  }
}
