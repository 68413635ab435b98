package dev.sluice.examples;

import static dev.sluice.testing.SluiceAssertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.TaskTimeoutException;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import dev.sluice.testing.SluiceTest;
import dev.sluice.testing.TestClock;
import dev.sluice.testing.mock.TaskMocks;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The virtual-time example of docs/testing.md, as it is shown there. */
@SluiceTest(virtualTime = true)
class TimeoutTest {
  static final Task1<Integer, Integer> slow = Task.named("slow").timeout(Duration.ofMinutes(10)).of(x -> x);
  static final Workflow<Integer, Integer> SLOW = Workflow.named("slow-run", Integer.class, (wf, n) -> wf.call(slow, n));

  @Test
  void aTenMinuteTimeoutFiresWhenTheClockPassesIt(Engine engine, TaskMocks mocks, TestClock clock) {
    mocks.mock(slow).hangs();
    RunHandle<Integer> run = engine.run(SLOW, 1);
    clock.awaitPendingTasks(1, Duration.ofSeconds(10)); // the engine armed the attempt's timeout

    clock.advance(Duration.ofMinutes(10));

    assertThat(run).failed().node("slow").failedWith(TaskTimeoutException.class);
  }
}
