package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.ManualTime;
import dev.sluice.core.model.Admission;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.TaskSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The queued timeout and the run deadline against attempts that wait to start: a slot, a limit, a
 * rate permit. Virtual time ({@link ManualTime}); the executor holds what it starts.
 */
class QueuedTimeoutTest {
  private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
  private final HeldExecutor executor = new HeldExecutor(0);
  private final Engine engine = Engine.builder().taskPool(time).scheduler(time).clock(time.clock)
      .executor("one", executor).defaultExecutor("one")
      .rateLimit(RateLimitKey.resource("api"), RateLimit.of(1, Duration.ofHours(1))).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static TaskSpec limited(UnaryOperator<Admission.Builder> admission, RetryPolicy retry) {
    return AdmissionOrderTest.task("limited", b -> b.maxConcurrency(1).retry(retry)
        .admission(admission.apply(Admission.builder()).build()));
  }

  @Test
  void anAttemptWaitingForAConcurrencyLimitFailsAfterItsQueuedTimeoutNamingTheLimit() {
    TaskSpec task = limited(a -> a.queuedTimeout(Duration.ofMinutes(5)), RetryPolicy.NONE);
    RunHandle<Object> run = engine.run(AdmissionOrderTest.fan("w", 2, task), 0L, RunOptions.DEFAULT);
    time.advance(Duration.ZERO);
    assertThat(executor.started()).containsExactly("w/n0");

    time.advance(Duration.ofMinutes(5));
    NodeStatus waited = run.status().node("n1").orElseThrow();
    assertThat(waited.state()).isEqualTo(NodeState.FAILED);
    assertThat(waited.error().orElseThrow().type()).isEqualTo(QueuedTimeoutException.class.getName());
    assertThat(waited.error().orElseThrow().message())
        .contains("waited longer than its queued timeout of PT5M for the concurrency limit of task 'limited' (1 at once)");
    assertThat(executor.started()).containsExactly("w/n0"); // never started

    executor.finish("w/n0", 0L); // the permit it did not take is not given back twice
    time.advance(Duration.ZERO);
    RunHandle<Object> next = engine.run(AdmissionOrderTest.fan("next", 1, task), 0L, RunOptions.DEFAULT);
    time.advance(Duration.ZERO);
    assertThat(executor.started()).containsExactly("w/n0", "next/n0");
    assertThat(next.status().node("n0").orElseThrow().state()).isEqualTo(NodeState.RUNNING);
  }

  @Test
  void aQueuedTimeoutIsRetriedByTheRetryPolicyAndThenStarts() {
    RetryPolicy twice = RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofSeconds(30)).jitter(0).build();
    TaskSpec task = limited(a -> a.queuedTimeout(Duration.ofMinutes(5)), twice);
    RunHandle<Object> run = engine.run(AdmissionOrderTest.fan("w", 2, task), 0L, RunOptions.DEFAULT);
    time.advance(Duration.ofMinutes(5));
    NodeStatus waited = run.status().node("n1").orElseThrow();
    assertThat(waited.state()).isEqualTo(NodeState.RETRYING);

    time.advance(Duration.ofSeconds(30)); // queued again, attempt 2
    executor.finish("w/n0", 0L);
    time.advance(Duration.ZERO);
    assertThat(executor.started()).containsExactly("w/n0", "w/n1");
    assertThat(run.status().node("n1").orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  void anAttemptWaitingForARatePermitFailsNamingTheRateLimit() {
    TaskSpec task = AdmissionOrderTest.task("call", b -> b.admission(
        Admission.builder().rateLimits("api").queuedTimeout(Duration.ofMinutes(10)).build()));
    RunHandle<Object> run = engine.run(AdmissionOrderTest.fan("w", 2, task), 0L, RunOptions.DEFAULT);
    time.advance(Duration.ofMinutes(10));
    NodeStatus waited = run.status().node("n1").orElseThrow();
    assertThat(waited.state()).isEqualTo(NodeState.FAILED);
    assertThat(waited.error().orElseThrow().message())
        .contains("for a permit of the rate limit of resource 'api' (1 per PT1H)");

    time.advance(Duration.ofHours(1)); // the permit of the next period is not spent on the withdrawn attempt
    engine.run(AdmissionOrderTest.fan("later", 1, task), 0L, RunOptions.DEFAULT);
    time.advance(Duration.ZERO);
    assertThat(executor.started()).containsExactly("w/n0", "later/n0");
  }

  @Test
  void aRunDeadlineCancelsTheRunsQueuedWorkAndFreesItsPlaceInTheQueue() {
    TaskSpec task = limited(a -> a, RetryPolicy.NONE);
    engine.run(AdmissionOrderTest.fan("holder", 1, task), 0L, RunOptions.DEFAULT);
    RunHandle<Object> late = engine.run(AdmissionOrderTest.fan("late", 2, task), 0L,
        RunOptions.builder().deadline(Deadline.cancelAfter(Duration.ofMinutes(30))).build());
    RunHandle<Object> patient = engine.run(AdmissionOrderTest.fan("patient", 1, task), 0L, RunOptions.DEFAULT);
    time.advance(Duration.ZERO);
    assertThat(late.status().nodes()).allMatch(n -> n.state() == NodeState.QUEUED);

    time.advance(Duration.ofMinutes(30));
    assertThat(late.status().state()).isEqualTo(RunState.CANCELLED);
    assertThat(late.status().nodes()).allMatch(n -> n.state() == NodeState.CANCELLED);

    executor.finish("holder/n0", 0L);
    time.advance(Duration.ZERO);
    assertThat(executor.started()).containsExactly("holder/n0", "patient/n0");
    assertThat(patient.status().node("n0").orElseThrow().state()).isEqualTo(NodeState.RUNNING);
  }
}
