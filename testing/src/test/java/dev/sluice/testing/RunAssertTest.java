package dev.sluice.testing;

import static dev.sluice.core.engine.NodeState.QUEUED;
import static dev.sluice.core.engine.NodeState.RUNNING;
import static dev.sluice.core.engine.NodeState.SUCCEEDED;
import static dev.sluice.testing.SluiceAssertions.assertThat;
import static dev.sluice.testing.SluiceAssertions.assertThatThrownBy;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.NodeStatus;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.engine.RunStatus;
import dev.sluice.testing.mock.TaskMocks;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The run and node assertions pass when they should, and fail with the node table when not. */
@SluiceTest
class RunAssertTest {

  static RunHandle<Integer> failedFlakyRun(Engine engine, TaskMocks mocks) {
    mocks.mock(Fixtures.flaky).thenThrow(new IOException("worker lost"));
    RunHandle<Integer> run = engine.run(Fixtures.FLAKY, 1);
    assertThat(run).failed();
    return run;
  }

  // ---- passing -----------------------------------------------------------------------------------

  @Test
  void aSucceededRunPassesItsAssertions(Engine engine) {
    RunHandle<String> run = engine.run(Fixtures.CHAIN, 4);

    assertThat(run)
        .succeeded()
        .hasOutput("n=8")
        .hasOutputSatisfying(out -> assertThat(out).startsWith("n="))
        .ranInOrder("twice", "describe")
        .node("twice").succeeded().ranAttempts(1).wentThrough(QUEUED, RUNNING, SUCCEEDED)
        .node("describe").succeeded();
    assertThat(run).output().isEqualTo("n=8");
    assertThat(run).events().first().isInstanceOf(RunEvent.RunStarted.class);
    assertThat(run).events().last().isInstanceOf(RunEvent.RunFinished.class);
  }

  @Test
  void branchesSkipsFailuresAndCancellationsPassTheirAssertions(Engine engine, TaskMocks mocks) {
    assertThat(engine.run(Fixtures.SIZE, 9))
        .tookBranch("decide", "big")
        .node("decide/small").isSkipped();
    assertThat(failedFlakyRun(engine, mocks))
        .errorMessageContains("worker lost")
        .node("flaky").failed().failedWith(IOException.class).errorMessageContains("worker lost");

    mocks.mock(Fixtures.twice).hangs();
    RunHandle<String> hanging = engine.run(Fixtures.CHAIN, 1);
    hanging.cancel();
    assertThat(hanging).wasCancelled().node("twice").wasCancelled();
  }

  @Test
  void aRerunServedFromTheCachePassesIsCached(Engine engine) {
    assertThat(engine.run(Fixtures.CACHED, 21)).succeeded().hasOutput(42)
        .node("cached-twice").succeeded().ranAttempts(1);
    assertThat(engine.run(Fixtures.CACHED, 21)).succeeded().hasOutput(42)
        .node("cached-twice").isCached().ranAttempts(0);
    failsWith(() -> assertThat(engine.run(Fixtures.CACHED, 22)).node("cached-twice").isCached(),
        "to be CACHED, but it is SUCCEEDED");
  }

  @Test
  void aBareStatusCanBeAsserted() {
    assertThat(status(NodeState.CACHED)).succeeded().node("train").isCached().ranAttempts(0);
  }

  // ---- failing, with the table ---------------------------------------------------------------------

  @Test
  void succeededOnAFailedRunSaysWhyItFailedAndShowsTheTable(Engine engine, TaskMocks mocks) {
    RunHandle<Integer> run = failedFlakyRun(engine, mocks);

    assertThatThrownBy(() -> assertThat(run).succeeded())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "\nExpected run " + run.runId() + " of workflow 'flaky-run' to have SUCCEEDED, but it FAILED: run "
                + run.runId() + " of workflow 'flaky-run' failed: node 'flaky' failed after 3 attempt(s):"
                + " IOException: worker lost")
        .hasMessageEndingWith("\n\n" + run.status().toTable());
  }

  @Test
  void onASucceededRunFailuresSayWhatWasExpectedAndWhatWas(Engine engine) {
    RunHandle<String> run = engine.run(Fixtures.CHAIN, 4);
    assertThat(run).succeeded();

    failsWith(() -> assertThat(run).failed(), "to have FAILED, but it SUCCEEDED", run.status().toTable());
    failsWith(() -> assertThat(run).hasOutput("n=9"), "to have output\n  n=9\nbut its output was\n  n=8");
    failsWith(() -> assertThat(run).node("twise"), "to have a node 'twise', but its nodes are [twice, describe]");
    failsWith(() -> assertThat(run).errorMessageContains("any"), "but it SUCCEEDED without an error");
  }

  @Test
  void aFailedRunHasNoOutputAndAStatusNeverHasOne(Engine engine, TaskMocks mocks) {
    RunHandle<Integer> run = failedFlakyRun(engine, mocks);

    failsWith(() -> assertThat(run).hasOutput(1), "to have output 1, but it FAILED: ");
    failsWith(() -> assertThat(run.status()).output(), "a RunStatus has no output. Fix: assert on the RunHandle");
    failsWith(
        () -> assertThat(run).errorMessageContains("disk full"),
        "to fail with an error containing\n  \"disk full\"\nbut it FAILED with\n  run ",
        "\n  worker lost\n  node 'flaky': worker lost\n");
  }

  @Test
  void nodeFailuresNameTheNodeTheRunAndShowTheTable(Engine engine, TaskMocks mocks) {
    RunHandle<Integer> run = failedFlakyRun(engine, mocks);
    String node = "\nExpected node 'flaky' of run " + run.runId() + " of workflow 'flaky-run' ";

    assertThatThrownBy(() -> assertThat(run).node("flaky").ranAttempts(2))
        .hasMessageStartingWith(node + "to have run 2 attempt(s), but it ran 3")
        .hasMessageEndingWith(run.status().toTable());
    failsWith(() -> assertThat(run).node("flaky").succeeded(), node + "to be SUCCEEDED, but it is FAILED: IOException");
    failsWith(() -> assertThat(run).node("flaky").isCached(), node + "to be CACHED, but it is FAILED");
    failsWith(
        () -> assertThat(run).node("flaky").failedWith(IllegalStateException.class),
        node + "to have failed with a java.lang.IllegalStateException, but its error is java.io.IOException: worker lost");
    failsWith(
        () -> assertThat(run).node("flaky").errorMessageContains("disk full"),
        node + "to have an error containing\n  \"disk full\"\nbut its error is\n  java.io.IOException: worker lost");
  }

  @Test
  void theWrongBranchOrOrderShowsWhatHappened(Engine engine) {
    RunHandle<String> size = engine.run(Fixtures.SIZE, 9);
    RunHandle<String> chain = engine.run(Fixtures.CHAIN, 4);

    failsWith(
        () -> assertThat(size).tookBranch("decide", "small"),
        "to take arm 'small' of branch 'decide' and skip the others, but its arms were"
            + " [decide/big SUCCEEDED, decide/small SKIPPED]");
    failsWith(() -> assertThat(size).tookBranch("decide", "medium"), "to take arm 'medium' of branch 'decide'");
    failsWith(
        () -> assertThat(chain).ranInOrder("describe", "twice"),
        "to run describe then twice, but 'twice' started before 'describe' ended;"
            + " their events:\n  twice PENDING -> QUEUED\n  twice QUEUED -> RUNNING\n");
    failsWith(
        () -> assertThat(chain).node("twice").wentThrough(QUEUED, SUCCEEDED),
        "to go through [QUEUED, SUCCEEDED], but it went through [QUEUED, RUNNING, SUCCEEDED]");
    failsWith(() -> assertThat(chain).as("the nightly run").failed(), "[the nightly run] \nExpected run ");
    failsWith(
        () -> assertThat(status(NodeState.SUCCEEDED)).events(),
        "to have recorded events for events(), but events are recorded only for runs"
            + " started on the engine a @SluiceTest (or SluiceExtension) injects");
  }

  @Test
  void aRunThatDoesNotEndInTimeFailsWithItsTable(Engine engine, TaskMocks mocks) {
    mocks.mock(Fixtures.twice).hangs();
    RunHandle<String> run = engine.run(Fixtures.CHAIN, 1);
    try {
      failsWith(
          () -> SluiceAssertions.assertThat(run, Duration.ofMillis(100)),
          "run " + run.runId() + " of workflow 'chain' did not end within PT0.1S",
          "twice     task      RUNNING");
    } finally {
      run.cancel();
    }
  }

  /** {@code check} fails with an AssertionError whose message holds every fragment. */
  static void failsWith(ThrowingCallable check, String... fragments) {
    assertThatThrownBy(check).isInstanceOf(AssertionError.class).hasMessageContainingAll(fragments);
  }

  /** A finished run whose one node, "train", is in {@code state}. */
  static RunStatus status(NodeState state) {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    NodeStatus train =
        new NodeStatus("train", "task", state, 0, Optional.of(t), Optional.of(t), Optional.<NodeError>empty(),
            Optional.empty());
    return new RunStatus("r-1", "wf", RunState.SUCCEEDED, t, Optional.of(t), Map.of(), List.of(train));
  }
}
