package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.ManualTime;
import dev.sluice.core.model.Resources;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.Attempt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Typed infrastructure failures in retry policies: defaults, naming a type, resources for the next attempt. */
class InfrastructureRetryTest {
  private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
  private Engine engine;
  private HeldExecutor executor;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private RunHandle<Object> run(RetryPolicy retry, Function<Attempt, Object> answer) {
    executor = new HeldExecutor(0, answer);
    engine = Engine.builder().taskPool(time).scheduler(time).clock(time.clock)
        .executor("one", executor).defaultExecutor("one").build();
    TaskSpec task = AdmissionOrderTest.task("train", b -> b.retry(retry)
        .resources(new Resources(1, "1Gi", 0, Map.of())));
    RunHandle<Object> run = engine.run(AdmissionOrderTest.fan("w", 1, task), 0L, RunOptions.DEFAULT);
    time.advance(Duration.ofMinutes(1));
    return run;
  }

  private static RetryPolicy.Builder attempts(int n) {
    return RetryPolicy.builder().maxAttempts(n).initialBackoff(Duration.ofSeconds(1)).jitter(0);
  }

  /** Runs out of memory below 2 GiB. */
  private static Object needs2Gi(Attempt a) {
    if (a.task().resources().memoryBytes() < (2L << 30)) {
      throw new InfrastructureFailure.OutOfMemory("OOMKilled with " + a.task().resources().memory(), null);
    }
    return 1L;
  }

  @Test
  void anOutOfMemoryAttemptIsRetriedWithTheMemoryThePolicyAsksFor() {
    RunHandle<Object> run = run(attempts(3).onOutOfMemory(r -> r.withMemory(r.memoryBytes() * 2)).build(),
        InfrastructureRetryTest::needs2Gi);
    assertThat(run.status().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(executor.resources).extracting(Resources::memory).containsExactly("1Gi", "2Gi");
    assertThat(run.status().node("n0").orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  void anOutOfMemoryIsNotRetriedByDefaultTheSameMemoryWouldFailAgain() {
    RunHandle<Object> run = run(attempts(3).build(), InfrastructureRetryTest::needs2Gi);
    assertThat(run.status().state()).isEqualTo(RunState.FAILED);
    assertThat(executor.resources).hasSize(1);
    assertThatThrownBy(() -> run.await(Duration.ofSeconds(1)))
        .hasCauseInstanceOf(InfrastructureFailure.OutOfMemory.class);
  }

  @Test
  void aPolicyThatNamesTheTypeInRetryOnRetriesIt() {
    RunHandle<Object> run = run(attempts(2).retryOn(InfrastructureFailure.OutOfMemory.class).build(),
        InfrastructureRetryTest::needs2Gi);
    assertThat(executor.resources).extracting(Resources::memory).containsExactly("1Gi", "1Gi");
    assertThat(run.status().state()).isEqualTo(RunState.FAILED);
  }

  @Test
  void anEvictionIsRetriedByDefaultUnlessThePolicyAbortsOnIt() {
    Function<Attempt, Object> evictedOnce = a -> {
      if (a.attempt() == 1) {
        throw new InfrastructureFailure.Evicted("node drained", null);
      }
      return 1L;
    };
    assertThat(run(attempts(2).build(), evictedOnce).status().state()).isEqualTo(RunState.SUCCEEDED);
    engine.close();
    assertThat(run(attempts(2).abortOn(InfrastructureFailure.class).build(), evictedOnce).status().state())
        .isEqualTo(RunState.FAILED);
  }

  @Test
  void eachFailureHasItsKindAndDefault() {
    List<InfrastructureFailure> all = List.of(
        new InfrastructureFailure.OutOfMemory("m", null), new InfrastructureFailure.Evicted("m", null),
        new InfrastructureFailure.ImagePullFailed("m", null), new InfrastructureFailure.DeadlineExceeded("m", null),
        new QueuedTimeoutException("a", "b", Duration.ofSeconds(1), null),
        new InfrastructureFailure.Unschedulable("a", "a node", Duration.ofSeconds(1), null));
    assertThat(all).extracting(f -> f.kind().name() + "=" + f.retryableByDefault()).containsExactly(
        "OUT_OF_MEMORY=false", "EVICTED=true", "IMAGE_PULL_FAILED=false", "DEADLINE_EXCEEDED=false",
        "QUEUED_TIMEOUT=true", "UNSCHEDULABLE=true");
    assertThat(all.get(5)).isInstanceOf(QueuedTimeoutException.class);
  }

  @Test
  void memoryIsWrittenInTheLargestUnitThatDividesIt() {
    Resources r = new Resources(0, "768Mi", 0, Map.of());
    assertThat(r.withMemory(r.memoryBytes() * 2).memory()).isEqualTo("1536Mi");
    assertThat(r.withMemory(8L << 30).memory()).isEqualTo("8Gi");
    assertThatThrownBy(() -> Resources.NONE.withMemory(Resources.NONE.memoryBytes() * 2))
        .hasMessageContaining("sets no memory request to scale");
  }
}
