package dev.sluice.testing;

import dev.sluice.core.engine.RunHandle;
import java.time.Duration;
import java.util.List;

/**
 * Every run started on this test's engines, whoever started it: the test, a launch plan, a
 * schedule or a metric trigger of a {@code TriggerService} built on the injected engine (or on one
 * built with {@code mocks.engine(...)}). A test that advances a {@link TestClock} past a firing
 * cannot hold the handle of the run the firing starts, nor know when it has started (a trigger
 * launches from its own thread): it awaits it here instead.
 *
 * <pre>{@code
 * @Test
 * void theNightlyScheduleRetrains(Engine engine, TestClock clock, LaunchedRuns launched) {
 *   try (TriggerService triggers = TriggerService.builder(engine)
 *       .clock(clock).scheduler(clock.scheduler()).launchPlan(nightly).build()) {
 *     triggers.start();
 *     clock.advance(Duration.ofDays(1));
 *     RunHandle<Object> run = launched.awaitLaunched("nightly", 1, Duration.ofSeconds(10)).get(0);
 *     assertThat(run).succeeded();
 *   }
 * }
 * }</pre>
 *
 * <p>Handles are the test engine's: {@code assertThat(run)} awaits the run's end and can check its
 * events. Waits are in real time; under virtual time a run that waits for a timer still needs the
 * clock advanced to end.
 */
public interface LaunchedRuns {

  /** The runs started so far, in the order they started. */
  List<RunHandle<Object>> all();

  /**
   * Waits, at most {@code timeout} in real time, until at least {@code count} runs have started,
   * and returns every run started so far, in order.
   *
   * @throws AssertionError naming the runs that did start when fewer than {@code count} did
   */
  List<RunHandle<Object>> awaitLaunched(int count, Duration timeout);

  /**
   * {@link #awaitLaunched(int, Duration)} for the runs of one launch plan (their run label {@code
   * launch-plan=<name>}: launched by the plan, its schedules or a trigger of it).
   */
  List<RunHandle<Object>> awaitLaunched(String launchPlan, int count, Duration timeout);
}
