package dev.sluice.testing;

import static dev.sluice.testing.SluiceAssertions.assertThat;
import static dev.sluice.testing.SluiceAssertions.assertThatThrownBy;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.metric.MetricSources;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.MetricTrigger;
import dev.sluice.core.trigger.TriggerCondition;
import dev.sluice.core.trigger.TriggerEvaluation;
import dev.sluice.core.trigger.TriggerService;
import dev.sluice.testing.mock.TaskMocks;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Runs that a schedule or a trigger starts under virtual time: the test holds no handle of them and
 * a trigger launches from a thread of its own, so the test awaits them through {@link LaunchedRuns}.
 */
@SluiceTest(virtualTime = true)
class LaunchedRunsTest {
  static final LaunchPlan<Integer, String> HOURLY =
      LaunchPlan.builder("hourly", Fixtures.CHAIN).fixedInput(3).schedule(Schedule.every(Duration.ofHours(1))).build();
  static final LaunchPlan<Integer, String> ON_DEMAND =
      LaunchPlan.builder("on-demand", Fixtures.CHAIN).defaultInput(5).build();

  static TriggerService.Builder service(Engine engine, TestClock clock) {
    return TriggerService.builder(engine).clock(clock).scheduler(clock.scheduler());
  }

  @Test
  void runsStartedByAScheduleUnderVirtualTimeCanBeAwaited(Engine engine, TestClock clock, LaunchedRuns launched) {
    try (TriggerService triggers = service(engine, clock).launchPlan(HOURLY).build()) {
      triggers.start();
      clock.advance(Duration.ofHours(1)); // the firing at 01:00 launches on this thread

      List<RunHandle<Object>> runs = launched.awaitLaunched("hourly", 1, Duration.ofSeconds(10));

      assertThat(runs).hasSize(1);
      assertThat(runs.get(0)).succeeded().hasOutput("n=6");
      assertThat(runs.get(0).status().labels()).containsEntry(LaunchPlan.LABEL, "hourly");
    }
  }

  @Test
  void runsStartedByATriggerUnderVirtualTimeCanBeAwaited(
      Engine engine, TaskMocks mocks, TestClock clock, LaunchedRuns launched) {
    mocks.mock(Fixtures.twice).returns(40);
    MetricTrigger<Integer> low =
        MetricTrigger.builder("retrain-on-low", ON_DEMAND)
            .when(TriggerCondition.below(MetricSources.function("accuracy", now -> OptionalDouble.of(0.5)), 0.85))
            .build();
    try (TriggerService triggers = service(engine, clock).trigger(low).build()) {
      triggers.start();
      clock.advance(Duration.ZERO); // the first evaluation: its source is read, and the run launched, on another thread

      RunHandle<Object> run = launched.awaitLaunched("on-demand", 1, Duration.ofSeconds(10)).get(0);

      assertThat(run).succeeded().hasOutput("n=40");
      assertThat(run.status().labels()).containsEntry(MetricTrigger.LABEL, "retrain-on-low");
      // the evaluation is recorded on the trigger's thread just after the launch returned: a
      // mocked run can succeed before that, so its entry is awaited, not expected at once
      assertThat(historyOnceItHolds(triggers, "retrain-on-low", Decision.LAUNCHED))
          .extracting(TriggerEvaluation::decision, e -> e.runId().orElse(null))
          .contains(SluiceAssertions.tuple(Decision.LAUNCHED, run.runId()));
    }
  }

  @Test
  void runsTheTestStartsAndRunsOfEnginesBuiltWithTheMocksAreListedInOrder(
      Engine engine, TaskMocks mocks, LaunchedRuns launched) {
    Engine second = mocks.engine(Engine.builder().parallelism(1));

    RunHandle<String> first = engine.run(Fixtures.CHAIN, 1);
    RunHandle<String> other = second.run(Fixtures.CHAIN, 2);
    RunHandle<String> planned = ON_DEMAND.launch(second);

    assertThat(launched.awaitLaunched(3, Duration.ofSeconds(10)))
        .extracting(RunHandle::runId)
        .containsExactly(first.runId(), other.runId(), planned.runId());
    assertThat(launched.awaitLaunched("on-demand", 1, Duration.ofSeconds(10)))
        .extracting(RunHandle::runId)
        .containsExactly(planned.runId());
    assertThat(other).succeeded().hasOutput("n=4");
  }

  @Test
  void waitingForARunThatNeverStartsFailsNamingTheRunsThatDid(Engine engine, LaunchedRuns launched) {
    RunHandle<String> run = engine.run(Fixtures.CHAIN, 1);

    assertThatThrownBy(() -> launched.awaitLaunched("hourly", 1, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("expected at least 1 run(s) of launch plan 'hourly' to start within PT0.05S, but 0 did."
            + " Started so far: " + run.runId() + ". With virtual time, advance the TestClock");
  }

  /** The trigger's history once it holds an evaluation with {@code decision}, or as it is after 10 s. */
  private static List<TriggerEvaluation> historyOnceItHolds(TriggerService triggers, String trigger, Decision decision) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<TriggerEvaluation> history = triggers.history(trigger);
    while (history.stream().noneMatch(e -> e.decision() == decision) && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      history = triggers.history(trigger);
    }
    return history;
  }
}
