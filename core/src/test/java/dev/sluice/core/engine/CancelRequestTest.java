package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.model.WorkflowSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that does not hold a run (an operations console of another engine, a CLI over the store)
 * asks for it to be cancelled through the store; the engine holding the run cancels it.
 */
class CancelRequestTest {
  @TempDir Path dir;
  private Journaled j;
  private WorkflowSpec wf;

  @BeforeEach
  void setUp() {
    j = new Journaled(dir);
    wf = Dag.named("held").call("a", j.adder("a", 1, 1), Dag.INPUT).call("slow", j.gated("slow"), "a").returning("slow");
  }

  @AfterEach
  void tearDown() {
    j.gate.countDown();
    j.close();
  }

  @Test
  void theEngineHoldingARunCancelsItWhenAnotherProcessAsksThroughTheStore() throws Exception {
    try (Engine holder = j.engine("holder", b -> b.leaseTtl(Duration.ofMillis(600)))) {
      RunHandle<Object> run = holder.run(wf, 1L, RunOptions.DEFAULT);
      Journaled.await("slow running", () -> j.journaled(run.runId(), "slow", NodeState.RUNNING));

      RunJournal outside = RunJournal.of(j.runs, j.store, Clock.systemUTC());
      outside.requestCancel(run.runId(), "alice (console of engine-b)", "wrong data");
      assertThat(j.store.exists("journal/cancel/" + run.runId() + ".json")).isTrue();

      Journaled.await("run cancelled", run::isDone);
      assertThat(run.status().state()).isEqualTo(RunState.CANCELLED);
      Journaled.await("request deleted", () -> !j.store.exists("journal/cancel/" + run.runId() + ".json"));
      Journaled.await("journaled CANCELLED", () -> outside.history(run.runId()).state() == RunState.CANCELLED);
      assertThatThrownBy(() -> outside.requestCancel(run.runId(), "alice", ""))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("already ended CANCELLED");
      assertThatThrownBy(() -> outside.requestCancel("no-such-run", "alice", ""))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no run 'no-such-run'");
    }
  }
}
