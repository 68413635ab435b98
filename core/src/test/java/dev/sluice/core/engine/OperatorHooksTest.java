package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.Await;
import dev.sluice.core.model.WorkflowSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What an operations console needs from an engine: find a live run by id, follow runs started later. */
class OperatorHooksTest {

  private static WorkflowSpec waiting(CountDownLatch go) {
    return Dag.named("waiting")
        .call("wait", Dag.task("wait", 1, (a, c) -> {
          go.await(30, TimeUnit.SECONDS);
          return a[0];
        }), Dag.INPUT)
        .returning("wait");
  }

  @Test
  void activeRunFindsARunWhileItRunsHereAndNotAfter() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    try (Engine engine = Engine.local()) {
      RunHandle<Object> run = engine.run(waiting(go), 1L, RunOptions.DEFAULT);
      assertThat(engine.activeRun(run.runId())).containsSame(run);
      assertThat(engine.activeRun("no-such-run")).isEmpty();
      go.countDown();
      run.await(Duration.ofSeconds(10));
      Await.until(() -> engine.activeRun(run.runId()).isEmpty(), "the ended run leaves the active runs");
    }
  }

  @Test
  void aListenerAddedAfterBuildSeesRunsStartedFromThenOnUntilRemoved() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    go.countDown();
    try (Engine engine = Engine.local()) {
      List<RunEvent> events = new CopyOnWriteArrayList<>();
      RunListener listener = RunListener.of(events::add);
      engine.run(waiting(go), 1L, RunOptions.DEFAULT).await(Duration.ofSeconds(10));
      assertThat(events).isEmpty();

      engine.addListener(listener);
      RunHandle<Object> seen = engine.run(waiting(go), 2L, RunOptions.DEFAULT);
      seen.await(Duration.ofSeconds(10));
      Await.until(() -> events.stream().anyMatch(e -> e instanceof RunEvent.RunFinished), "RunFinished delivered");
      assertThat(events).allMatch(e -> e.runId().equals(seen.runId()));
      assertThat(events.get(0)).isInstanceOf(RunEvent.RunStarted.class);

      engine.removeListener(listener);
      int before = events.size();
      engine.run(waiting(go), 3L, RunOptions.DEFAULT).await(Duration.ofSeconds(10));
      assertThat(events).hasSize(before);
    }
  }
}
