package dev.sluice.console;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.RunStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** An engine journaling to a folder, a launch plan, and a console serving them on a free port. */
final class ConsoleFixture implements AutoCloseable {
  static final String TOKEN = "test-token-0123456789abcdef";

  final Path dir;
  final RunStore runStore;
  final Engine engine;
  final LaunchPlan<String, Integer> nightly;
  final Console console;
  final Http http;

  ConsoleFixture(Path dir) {
    this(dir, b -> b);
  }

  ConsoleFixture(Path dir, UnaryOperator<Console.Builder> options) {
    this.dir = dir;
    this.runStore = RunStores.filesystem(dir.resolve("store"));
    this.engine =
        Engine.builder().workDirectory(dir).runStore(runStore).leaseTtl(Duration.ofSeconds(5))
            .workflows(Flows.SLOW, Flows.FAILING, Flows.FLAKY, Flows.CACHED, Flows.SECRETIVE,
                Flows.APPROVAL, Flows.INGEST, Flows.TUNE).build();
    this.nightly =
        LaunchPlan.builder("nightly", Flows.CACHED).defaultInput("nightly-input")
            .schedule(Schedule.cron("0 2 * * *", java.time.ZoneOffset.UTC)).build();
    this.console =
        options.apply(Console.builder().engine(engine).launchPlan(nightly).port(0).token(TOKEN).announce(null)
            .poll(Duration.ofMillis(50))).start();
    this.http = new Http(console.uri());
  }

  <O> RunHandle<O> run(dev.sluice.core.model.WorkflowDefinition<String, O> wf, String input) {
    return engine.run(wf, input);
  }

  @Override
  public void close() {
    console.close();
    engine.close();
    runStore.close();
  }
}
