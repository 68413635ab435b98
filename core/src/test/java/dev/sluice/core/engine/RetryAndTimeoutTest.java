package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryAndTimeoutTest {
  private final Engine engine = Engine.builder().parallelism(2).build();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void retriesUntilSuccessCountingAttemptsAndWaitingTheBackoff() throws TimeoutException {
    AtomicInteger calls = new AtomicInteger();
    ConcurrentLinkedQueue<Long> startedAt = new ConcurrentLinkedQueue<>();
    RetryPolicy retry =
        RetryPolicy.builder()
            .maxAttempts(3)
            .initialBackoff(Duration.ofMillis(60))
            .multiplier(2)
            .jitter(0)
            .build();
    TaskSpec flaky =
        Dag.task(
            "flaky",
            1,
            (a, c) -> {
              startedAt.add(System.nanoTime());
              if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("transient " + calls.get());
              }
              return (Long) a[0] * 10;
            },
            b -> b.retry(retry));
    WorkflowSpec spec = Dag.named("retry").call("flaky", flaky, Dag.INPUT).returning("flaky");
    Recorder recorder = new Recorder();

    RunHandle<Object> run = engine.run(spec, 4L, recorder.options());

    assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(40L);
    NodeStatus node = run.status().node("flaky").orElseThrow();
    assertThat(node.attempts()).isEqualTo(3);
    assertThat(node.state()).isEqualTo(NodeState.SUCCEEDED);
    assertThat(recorder.states("flaky"))
        .containsExactly(
            NodeState.QUEUED, NodeState.RUNNING, NodeState.RETRYING,
            NodeState.QUEUED, NodeState.RUNNING, NodeState.RETRYING,
            NodeState.QUEUED, NodeState.RUNNING, NodeState.SUCCEEDED);
    List<RunEvent.NodeTransition> retrying =
        recorder.transitions("flaky").stream().filter(t -> t.to() == NodeState.RETRYING).toList();
    assertThat(retrying).extracting(t -> t.retryIn().orElseThrow())
        .containsExactly(Duration.ofMillis(60), Duration.ofMillis(120));
    assertThat(retrying.get(0).error().orElseThrow().message()).isEqualTo("transient 1");
    // Each retry started no earlier than its backoff after the previous attempt started.
    Long[] t = startedAt.toArray(new Long[0]);
    assertThat(TimeUnit.NANOSECONDS.toMillis(t[1] - t[0])).isGreaterThanOrEqualTo(60);
    assertThat(TimeUnit.NANOSECONDS.toMillis(t[2] - t[1])).isGreaterThanOrEqualTo(120);
  }

  @Test
  void failuresListedInAbortOnAreNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    TaskSpec strict =
        Dag.task(
            "strict",
            1,
            (a, c) -> {
              calls.incrementAndGet();
              throw new IllegalArgumentException("bad input");
            },
            b -> b.retry(RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(1))
                .abortOn(IllegalArgumentException.class).build()));
    WorkflowSpec spec = Dag.named("abort").call("strict", strict, Dag.INPUT).returning("strict");

    RunHandle<Object> run = engine.run(spec, 1L, RunOptions.DEFAULT);

    assertThatThrownBy(run::await)
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("node 'strict' failed after 1 attempt(s): IllegalArgumentException: bad input")
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void retriesStopAtMaxAttemptsAndTheRunReportsTheLastError() {
    AtomicInteger calls = new AtomicInteger();
    TaskSpec broken =
        Dag.task("broken", 1, (a, c) -> {
          throw new IllegalStateException("attempt " + calls.incrementAndGet());
        }, b -> b.retry(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(1)).build()));
    WorkflowSpec spec = Dag.named("exhaust").call("broken", broken, Dag.INPUT).returning("broken");

    RunHandle<Object> run = engine.run(spec, 1L, RunOptions.DEFAULT);

    assertThatThrownBy(run::await)
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("failed after 3 attempt(s)")
        .hasMessageContaining("attempt 3");
    assertThat(calls).hasValue(3);
    assertThat(run.status().node("broken").orElseThrow().state()).isEqualTo(NodeState.FAILED);
  }

  @Test
  void aTimeoutInterruptsTheAttemptAndFailsIt() throws InterruptedException {
    CountDownLatch interrupted = new CountDownLatch(1);
    TaskSpec slow =
        Dag.task(
            "slow",
            1,
            (a, c) -> {
              try {
                new CountDownLatch(1).await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
              }
              return 0L;
            },
            b -> b.timeout(Duration.ofMillis(100)));
    WorkflowSpec spec = Dag.named("timeout").call("slow", slow, Dag.INPUT).returning("slow");

    RunHandle<Object> run = engine.run(spec, 1L, RunOptions.DEFAULT);

    assertThatThrownBy(() -> run.await(Duration.ofSeconds(10)))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("exceeded its timeout of PT0.1S")
        .hasCauseInstanceOf(TaskTimeoutException.class);
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the task's thread was interrupted").isTrue();
    assertThat(run.status().node("slow").orElseThrow().error().orElseThrow().type())
        .isEqualTo(TaskTimeoutException.class.getName());
  }

  @Test
  void aTimedOutAttemptIsRetriedLikeAnyFailure() throws TimeoutException {
    AtomicInteger calls = new AtomicInteger();
    TaskSpec slowOnce =
        Dag.task(
            "slow-once",
            1,
            (a, c) -> {
              if (calls.incrementAndGet() == 1) {
                new CountDownLatch(1).await(30, TimeUnit.SECONDS);
              }
              return 7L;
            },
            b -> b.timeout(Duration.ofMillis(100))
                .retry(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1)).build()));
    WorkflowSpec spec = Dag.named("timeout-retry").call("slow-once", slowOnce, Dag.INPUT).returning("slow-once");

    RunHandle<Object> run = engine.run(spec, 1L, RunOptions.DEFAULT);

    assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(7L);
    assertThat(run.status().node("slow-once").orElseThrow().attempts()).isEqualTo(2);
  }
}
