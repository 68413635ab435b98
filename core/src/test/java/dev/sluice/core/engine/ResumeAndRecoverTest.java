package dev.sluice.core.engine;

import static dev.sluice.core.engine.Journaled.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.model.FailurePolicy;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovering failed runs, resuming with a changed spec, and retry budgets across a resume. */
class ResumeAndRecoverTest {
  @TempDir Path dir;
  private Journaled j;
  private final AtomicBoolean broken = new AtomicBoolean(true);

  @BeforeEach
  void setUp() {
    j = new Journaled(dir);
  }

  @AfterEach
  void tearDown() {
    j.close();
  }

  /** Two branches: in -> a(+1) -> a2(+1), in -> b(+2) -> flaky (fails while broken) -> join. */
  private WorkflowSpec twoBranches() {
    AtomicInteger flakyCalls = new AtomicInteger();
    TaskSpec flaky = Dag.task("flaky", 1, (args, ctx) -> {
      flakyCalls.incrementAndGet();
      if (broken.get()) {
        throw new IllegalStateException("the feature store is down");
      }
      return (Long) args[0] * 10;
    });
    return Dag.named("branches")
        .call("a", j.adder("a", 1, 1), Dag.INPUT)
        .call("a2", j.adder("a2", 1, 1), "a")
        .call("b", j.adder("b", 1, 2), Dag.INPUT)
        .call("flaky", flaky, "b")
        .call("join", j.adder("join", 2, 0), "a2", "flaky")
        .builder().failurePolicy(FailurePolicy.FINISH_RUNNABLE)
        .output(Dag.ref("join"), Long.class).build();
  }

  @Test
  void recoverStartsANewRunThatReusesTheSucceededBranchAndRunsOnlyWhatFailedOrNeverRan() throws Exception {
    WorkflowSpec wf = twoBranches();
    try (Engine engine = j.engine("e", b -> b.workflow(wf))) {
      RunHandle<Object> failed = engine.run(wf, 1L, RunOptions.DEFAULT);
      assertThatThrownBy(() -> failed.await(WAIT)).isInstanceOf(RunFailedException.class);
      assertThat(j.calls("a2")).isEqualTo(1);

      broken.set(false);
      RunHandle<Object> recovered = engine.recover(failed.runId());
      assertThat(recovered.await(WAIT)).isEqualTo(3L + 30L);
      assertThat(recovered.runId()).isNotEqualTo(failed.runId());

      assertThat(j.calls("a")).isEqualTo(1);
      assertThat(j.calls("a2")).isEqualTo(1);
      assertThat(j.calls("b")).isEqualTo(1);
      assertThat(j.calls("join")).isEqualTo(1);
      RunHistory history = j.history(recovered.runId()).orElseThrow();
      assertThat(history.start().recoveredFrom()).contains(failed.runId());
      assertThat(history.start().origin()).isEqualTo(Origin.recovery(failed.runId()));
      // The recovery's own journal holds the reused outputs: it can be resumed without the old run.
      assertThat(history.node("a2").orElseThrow().outputJson()).contains("3");
      assertThat(history.node("flaky").orElseThrow().attempts()).isEqualTo(1);

      assertThatThrownBy(() -> engine.recover(recovered.runId()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("nothing to recover");
      assertThatThrownBy(() -> engine.resume(failed.runId()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already ended FAILED")
          .hasMessageContaining("engine.recover(\"" + failed.runId() + "\")");
      assertThat(engine.resume(recovered.runId()).await(WAIT)).isEqualTo(33L);
    }
  }

  @Test
  void aRunWhoseWorkflowChangedIsNotResumedUnlessAskedToRunTheJournaledSpec() throws Exception {
    WorkflowSpec v1 = Dag.named("evolving").call("a", j.adder("a", 1, 1), Dag.INPUT)
        .call("slow", j.gated("slow"), "a").returning("slow");
    String runId;
    try (Engine first = j.engine("first", b -> b)) {
      runId = first.run(v1, 1L, RunOptions.DEFAULT).runId();
      Journaled.await("slow running", () -> j.journaled(runId, "slow", NodeState.RUNNING));
    }
    WorkflowSpec v2 = Dag.named("evolving").call("a", j.adder("a", 1, 1), Dag.INPUT)
        .call("slow", j.gated("slow"), "a").call("extra", j.adder("extra", 1, 1000), "slow")
        .builder().version("2").output(Dag.ref("extra"), Long.class).build();
    j.gate.countDown();
    try (Engine second = j.engine("second", b -> b.workflow(v2))) {
      assertThatThrownBy(() -> second.resume(runId))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("workflow 'evolving' changed since the run started")
          .hasMessageContaining("journaled version 1, now 2")
          .hasMessageContaining("nodes added: [extra]")
          .hasMessageContaining("journaledSpec()");
      RunHandle<Object> onOldSpec = second.resume(runId, ResumeOptions.builder().journaledSpec().build());
      assertThat(onOldSpec.await(WAIT)).isEqualTo(102L);
    }
    assertThat(j.calls("a")).isEqualTo(1);
    assertThat(j.calls("extra")).isZero();
  }

  @Test
  void theRetryBudgetContinuesAcrossAResumeAndAnAttemptCutShortIsNotAFailure() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    TaskSpec stubborn = Dag.task("stubborn", 1, (args, ctx) -> {
      int call = calls.incrementAndGet();
      if (call == 3) {
        j.gate.await(WAIT.toSeconds(), TimeUnit.SECONDS); // cut short by the engine closing
      }
      throw new IllegalStateException("attempt " + call + " failed");
    }, b -> b.retry(RetryPolicy.builder().maxAttempts(4).initialBackoff(Duration.ZERO).build()));
    WorkflowSpec wf = Dag.named("budget").call("stubborn", stubborn, Dag.INPUT).returning("stubborn");
    String runId;
    try (Engine first = j.engine("first", b -> b)) {
      runId = first.run(wf, 1L, RunOptions.DEFAULT).runId();
      Journaled.await("the third attempt running", () -> calls.get() == 3
          && j.history(runId).flatMap(h -> h.node("stubborn")).map(n -> n.attempts() == 3 && n.state() == NodeState.RUNNING)
              .orElse(false));
    }
    try (Engine second = j.engine("second", b -> b.workflow(wf))) {
      RunHandle<Object> resumed = second.resume(runId);
      assertThatThrownBy(() -> resumed.await(WAIT)).isInstanceOf(RunFailedException.class)
          .hasMessageContaining("attempt 5 failed");
    }
    // Of 4 allowed: two failures before, one attempt cut short (not counted), so attempts 4 and 5.
    assertThat(calls).hasValue(5);
    NodeHistory node = j.history(runId).orElseThrow().node("stubborn").orElseThrow();
    assertThat(node.attempts()).isEqualTo(5);
    assertThat(node.failures()).isEqualTo(4);
    assertThat(node.state()).isEqualTo(NodeState.FAILED);
  }

  @Test
  void aRunThatAlreadySucceededResumesAsItsJournaledOutput() throws Exception {
    j.gate.countDown();
    WorkflowSpec wf = Dag.named("done").call("a", j.adder("a", 1, 41), Dag.INPUT).returning("a");
    try (Engine engine = j.engine("e", b -> b.workflow(wf))) {
      String runId = engine.run(wf, 1L, RunOptions.DEFAULT).runId();
      Journaled.await("the run's end journaled", () -> j.history(runId).map(h -> h.state().isTerminal()).orElse(false));
      RunHandle<Object> again = engine.resume(runId);
      assertThat(again.isDone()).isTrue();
      assertThat(again.await()).isEqualTo(42L);
      assertThat(again.status().state()).isEqualTo(RunState.SUCCEEDED);
    }
    assertThat(j.calls("a")).isEqualTo(1);
  }

  @Test
  void anOutputTheJournalCannotHoldFailsItsNodeWithTheFix() throws Exception {
    TaskSpec opaque = TaskSpec.builder("opaque").input("in0", Long.class).output(Object.class)
        .jvm((args, ctx) -> new Object()).build();
    WorkflowSpec wf = Dag.named("opaque").call("opaque", opaque, Dag.INPUT).returning("opaque", Object.class);
    try (Engine engine = j.engine("e", b -> b)) {
      RunHandle<Object> run = engine.run(wf, 1L, RunOptions.DEFAULT);
      assertThatThrownBy(() -> run.await(WAIT)).isInstanceOf(RunFailedException.class)
          .hasMessageContaining("journaled as JSON")
          .hasMessageContaining("Fix: return a record");
    }
  }

  @Test
  void resumeNamesWhatIsMissing() {
    try (Engine plain = Engine.builder().build(); Engine journaled = j.engine("e", b -> b)) {
      assertThatThrownBy(() -> plain.resume("r-1")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("needs a run store").hasMessageContaining("runStore(RunStores.filesystem(dir))");
      assertThatThrownBy(() -> journaled.resume("r-404")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no run 'r-404'");
      String runId = journaled.run(Dag.named("unknown").call("a", j.gated("g"), Dag.INPUT).returning("a"), 1L,
          RunOptions.DEFAULT).runId();
      Journaled.await("the run journaled", () -> j.history(runId).isPresent());
      journaled.close();
      try (Engine other = j.engine("other", b -> b)) {
        assertThatThrownBy(() -> other.resume(runId)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("does not know workflow 'unknown'")
            .hasMessageContaining("Engine.builder().workflows(...)");
      }
    }
  }
}
