package dev.sluice.testing;

import static dev.sluice.core.engine.NodeState.FAILED;
import static dev.sluice.core.engine.NodeState.QUEUED;
import static dev.sluice.core.engine.NodeState.RETRYING;
import static dev.sluice.core.engine.NodeState.RUNNING;
import static dev.sluice.core.engine.NodeState.SUCCEEDED;
import static dev.sluice.testing.SluiceAssertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.NodeStatus;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.TaskTimeoutException;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import dev.sluice.testing.mock.TaskMocks;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Task timeouts and retry backoffs on a test clock: hours of engine time, no real waiting. */
@SluiceTest(virtualTime = true)
class VirtualTimeTest {
  static final Task1<Integer, Integer> slow =
      Task.named("slow").timeout(Duration.ofMinutes(10)).of(x -> x);
  static final Workflow<Integer, Integer> SLOW = Workflow.named("slow-run", Integer.class, (wf, n) -> wf.call(slow, n));

  static final Task1<Integer, Integer> patient =
      Task.named("patient")
          .retry(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofHours(1)).jitter(0).build())
          .of(x -> x);
  static final Workflow<Integer, Integer> PATIENT =
      Workflow.named("patient-run", Integer.class, (wf, n) -> wf.call(patient, n));

  static NodeState state(RunHandle<?> run, String node) {
    return run.status().node(node).map(NodeStatus::state).orElseThrow();
  }

  @Test
  void aTenMinuteTimeoutFiresWhenTheClockPassesIt(Engine engine, TaskMocks mocks, TestClock clock) {
    mocks.mock(slow).hangs();
    RunHandle<Integer> run = engine.run(SLOW, 1);
    clock.awaitPendingTasks(1, Duration.ofSeconds(10)); // the engine armed the attempt's timeout

    clock.advance(Duration.ofMinutes(10).minusMillis(1));
    assertThat(run.isDone()).isFalse();
    assertThat(state(run, "slow")).isEqualTo(RUNNING);

    clock.advance(Duration.ofMillis(1));
    assertThat(run)
        .failed()
        .node("slow").failedWith(TaskTimeoutException.class).wentThrough(QUEUED, RUNNING, FAILED);
    assertThat(run.status().node("slow").orElseThrow().duration()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aOneHourBackoffWaitsForTheClock(Engine engine, TaskMocks mocks, TestClock clock) {
    mocks.mock(patient).thenThrow(new IOException("lost")).returns(7);
    RunHandle<Integer> run = engine.run(PATIENT, 1);
    clock.awaitPendingTasks(1, Duration.ofSeconds(10)); // the backoff timer

    clock.advance(Duration.ofMinutes(59));
    assertThat(run.isDone()).isFalse();
    assertThat(state(run, "patient")).isEqualTo(RETRYING);

    clock.advance(Duration.ofMinutes(1));
    assertThat(run)
        .succeeded()
        .hasOutput(7)
        .node("patient").ranAttempts(2).wentThrough(QUEUED, RUNNING, RETRYING, QUEUED, RUNNING, SUCCEEDED);
    assertThat(run)
        .events()
        .filteredOn(e -> e instanceof RunEvent.NodeTransition t && t.to() == RETRYING)
        .singleElement()
        .extracting(e -> ((RunEvent.NodeTransition) e).retryIn())
        .isEqualTo(Optional.of(Duration.ofHours(1)));
  }

  @Test
  void statusTimestampsComeFromTheTestClock(Engine engine, TestClock clock) {
    clock.advance(Duration.ofDays(3));

    RunHandle<String> run = engine.run(Fixtures.CHAIN, 1);

    assertThat(run).succeeded();
    assertThat(run.status().started()).isEqualTo(TestClock.DEFAULT_START.plus(Duration.ofDays(3)));
  }
}
