package dev.sluice.examples;

import static dev.sluice.testing.SluiceAssertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.trigger.TriggerService;
import dev.sluice.testing.LaunchedRuns;
import dev.sluice.testing.SluiceTest;
import dev.sluice.testing.TestClock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The launched-runs example of docs/testing.md: a schedule fires under virtual time, the test awaits its run. */
@SluiceTest(virtualTime = true)
class NightlyScheduleTest {
  static final LaunchPlan<String, String> NIGHTLY =
      LaunchPlan.builder("nightly", HelloWorkflow.WORKFLOW)
          .fixedInput("night shift")
          .schedule(Schedule.cron("0 2 * * *", ZoneOffset.UTC))
          .build();

  @Test
  void theNightlyScheduleRunsTheWorkflow(Engine engine, TestClock clock, LaunchedRuns launched) {
    try (TriggerService triggers =
        TriggerService.builder(engine).clock(clock).scheduler(clock.scheduler()).launchPlan(NIGHTLY).build()) {
      triggers.start();

      clock.advance(Duration.ofHours(2)); // the clock starts at midnight: 02:00 fires

      RunHandle<Object> run = launched.awaitLaunched("nightly", 1, Duration.ofSeconds(10)).get(0);
      assertThat(run).succeeded().hasOutput("Hello, night shift!");
    }
  }
}
