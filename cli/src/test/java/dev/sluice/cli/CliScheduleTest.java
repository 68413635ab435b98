package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.console.Console;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.RunStores;
import dev.sluice.core.trigger.TriggerService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice plan pause|resume|backfill} and {@code sluice trigger pause|resume}, through a console. */
class CliScheduleTest {
  static final String TOKEN = CliTest.TOKEN;
  @TempDir Path dir;

  @Test
  void pauseResumeAndBackfillThroughAConsole() {
    try (RunStore runStore = RunStores.filesystem(dir.resolve("store"));
        Engine engine = Engine.builder().workDirectory(dir).runStore(runStore).build()) {
      LaunchPlan<String, Integer> hourly = LaunchPlan.builder("hourly", TestFlows.CACHED).defaultInput("")
          .schedule(Schedule.every(Duration.ofHours(1))).scheduledInput((in, t) -> t.toString()).build();
      try (TriggerService triggers = TriggerService.builder(engine).launchPlan(hourly).build();
          Console console = Console.builder().engine(engine).launchPlan(hourly).triggers(triggers).port(0).token(TOKEN)
              .announce(null).start()) {
        triggers.start();
        String url = console.uri().toString();
        Cli.Result pause = Cli.run("--console", url, "--token", TOKEN, "plan", "pause", "hourly", "--reason", "migration");
        assertThat(pause.exit()).as(pause.err()).isZero();
        assertThat(pause.out()).contains("paused 'hourly' (migration)");
        assertThat(triggers.pauseOf("hourly")).isPresent();
        Cli.Result resume = Cli.run("--console", url, "--token", TOKEN, "trigger", "resume", "hourly");
        assertThat(resume.exit()).as(resume.err()).isZero();
        assertThat(triggers.pauseOf("hourly")).isEmpty();
        assertThat(Cli.run("--console", url, "--token", TOKEN, "trigger", "pause", "nope").err())
            .contains("no trigger or launch plan named 'nope'");

        Cli.Result backfill = Cli.run("--console", url, "--token", TOKEN, "plan", "backfill", "hourly",
            "--from", "2024-01-01T00:00:00Z", "--to", "2024-01-01T02:00:00Z", "--max-concurrent", "2");
        assertThat(backfill.exit()).as(backfill.err()).isZero();
        assertThat(backfill.out()).contains("backfilling plan 'hourly': 2 firing(s)");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (engine.journal().runs(RunQuery.builder().label(LaunchPlan.LABEL, "hourly").build()).stream()
            .filter(r -> r.state().isTerminal()).count() < 2) {
          assertThat(System.nanoTime()).as("two backfilled runs within 30 s").isLessThan(deadline);
          LockSupport.parkNanos(10_000_000);
        }
        Cli.Result bad = Cli.run("--console", url, "--token", TOKEN, "plan", "backfill", "hourly", "--from", "monday",
            "--to", "2024-01-01T02:00:00Z");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--from 'monday' is not an ISO-8601 instant");
        assertThat(Cli.run("--store", dir.resolve("store").toString(), "plan", "pause", "hourly").err())
            .contains("ask its console");
      }
    }
    for (String[] cmd : new String[][] {{"plan", "pause", "--help"}, {"plan", "resume", "--help"},
        {"plan", "backfill", "--help"}, {"trigger", "pause", "--help"}, {"trigger", "resume", "--help"}}) {
      assertThat(Cli.run(cmd).out()).as(String.join(" ", cmd)).contains("Usage: sluice");
    }
  }
}
