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
  void failedOnASucceededRunFails(Engine engine) {
    RunHandle<String> run = engine.run(Fixtures.CHAIN, 4);

    assertThatThrownBy(() -> assertThat(run).failed())
        .hasMessageContaining("to have FAILED, but it SUCCEEDED")
        .hasMessageContaining(run.status().toTable());
  }

  @Test
  void aWrongOutputShowsBoth(Engine engine) {
    RunHandle<String> run = engine.run(Fixtures.CHAIN, 4);

    assertThatThrownBy(() -> assertThat(run).hasOutput("n=9"))
        .hasMessageContaining("to have output\n  n=9\nbut its output was\n  n=8");
  }

  @Test
  void anOutputOfAFailedRunIsAFailureNotAnException(Engine engine, TaskMocks mocks) {
    RunHandle<Integer> run = failedFlakyRun(engine, mocks);

    assertThatThrownBy(() -> assertThat(run).hasOutput(1))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to have output 1, but it FAILED: ");
    assertThatThrownBy(() -> assertThat(run.status()).output())
        .hasMessageContaining("to have an output, but a RunStatus has no output. Fix: assert on the RunHandle");
  }

  @Test
  void errorMessageContainsListsTheErrorsItSearched(Engine engine, TaskMocks mocks) {
    RunHandle<Integer> failed = failedFlakyRun(engine, mocks);
    RunHandle<String> succeeded = engine.run(Fixtures.CHAIN, 4);

    assertThatThrownBy(() -> assertThat(failed).errorMessageContains("disk full"))
        .hasMessageContaining("to fail with an error containing\n  \"disk full\"\nbut it FAILED with\n  run ")
        .hasMessageContaining("\n  worker lost\n  node 'flaky': worker lost\n");
    assertThatThrownBy(() -> assertThat(succeeded).errorMessageContains("anything"))
        .hasMessageContaining("but it SUCCEEDED without an error");
  }

  @Test
  void aMissingNodeListsTheNodesThereAre(Engine engine) {
    RunHandle<String> run = engine.run(Fixtures.CHAIN, 4);

    assertThatThrownBy(() -> assertThat(run).node("twise"))
        .hasMessageContaining("to have a node 'twise', but its nodes are [twice, describe]");
  }

  @Test
  void nodeFailuresNameTheNodeTheRunAndShowTheTable(Engine engine, TaskMocks mocks) {
    RunHandle<Integer> run = failedFlakyRun(engine, mocks);
    String node = "\nExpected node 'flaky' of run " + run.runId() + " of workflow 'flaky-run' ";

    assertThatThrownBy(() -> assertThat(run).node("flaky").ranAttempts(2))
        .hasMessageStartingWith(node + "to have run 2 attempt(s), but it ran 3")
        .hasMessageEndingWith(run.status().toTable());
    assertThatThrownBy(() -> assertThat(run).node("flaky").succeeded())
        .hasMessageStartingWith(node + "to be SUCCEEDED, but it is FAILED: IOException: worker lost");
    assertThatThrownBy(() -> assertThat(run).node("flaky").failedWith(IllegalStateException.class))
        .hasMessageStartingWith(node + "to have failed with a java.lang.IllegalStateException, but its error is"
            + " java.io.IOException: worker lost");
    assertThatThrownBy(() -> assertThat(run).node("flaky").errorMessageContains("disk full"))
        .hasMessageStartingWith(node + "to have an error containing\n  \"disk full\"\nbut its error is\n"
            + "  java.io.IOException: worker lost");
    assertThatThrownBy(() -> assertThat(run).node("flaky").isCached())
        .hasMessageStartingWith(node + "to be CACHED, but it is FAILED");
  }

  @Test
  void theWrongBranchShowsEveryArm(Engine engine) {
    RunHandle<String> run = engine.run(Fixtures.SIZE, 9);

    assertThatThrownBy(() -> assertThat(run).tookBranch("decide", "small"))
        .hasMessageContaining("to take arm 'small' of branch 'decide' and skip the others, but its arms were"
            + " [decide/big SUCCEEDED, decide/small SKIPPED]");
    assertThatThrownBy(() -> assertThat(run).tookBranch("decide", "medium"))
        .hasMessageContaining("to take arm 'medium' of branch 'decide'");
  }

  @Test
  void outOfOrderNodesShowTheirEvents(Engine engine) {
    RunHandle<String> run = engine.run(Fixtures.CHAIN, 4);

    assertThatThrownBy(() -> assertThat(run).ranInOrder("describe", "twice"))
        .hasMessageContaining("to run describe then twice, but 'twice' started before 'describe' ended;"
            + " their events:\n  twice PENDING -> QUEUED\n  twice QUEUED -> RUNNING\n");
    assertThatThrownBy(() -> assertThat(run).node("twice").wentThrough(QUEUED, SUCCEEDED))
        .hasMessageContaining("to go through [QUEUED, SUCCEEDED], but it went through [QUEUED, RUNNING, SUCCEEDED]");
  }

  @Test
  void eventsAreKnownOnlyForRunsOfATestEngine() {
    assertThatThrownBy(() -> assertThat(status(NodeState.SUCCEEDED)).events())
        .hasMessageContaining("to have recorded events for events(), but events are recorded only for runs"
            + " started on the engine a @SluiceTest (or SluiceExtension) injects");
  }

  @Test
  void aRunThatDoesNotEndInTimeFailsWithItsTable(Engine engine, TaskMocks mocks) {
    mocks.mock(Fixtures.twice).hangs();
    RunHandle<String> run = engine.run(Fixtures.CHAIN, 1);
    try {
      assertThatThrownBy(() -> SluiceAssertions.assertThat(run, Duration.ofMillis(100)))
          .isInstanceOf(AssertionError.class)
          .hasMessageStartingWith("run " + run.runId() + " of workflow 'chain' did not end within PT0.1S")
          .hasMessageContaining("twice     task      RUNNING");
    } finally {
      run.cancel();
    }
  }

  @Test
  void aDescriptionLeadsTheMessage(Engine engine) {
    RunHandle<String> run = engine.run(Fixtures.CHAIN, 4);

    assertThatThrownBy(() -> assertThat(run).as("the nightly run").failed())
        .hasMessageStartingWith("[the nightly run] \nExpected run ");
  }

  /** A finished run whose one node, "train", is in {@code state}. */
  static RunStatus status(NodeState state) {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    NodeStatus train =
        new NodeStatus("train", "task", state, 0, Optional.of(t), Optional.of(t), Optional.<NodeError>empty());
    return new RunStatus("r-1", "wf", RunState.SUCCEEDED, t, Optional.of(t), Map.of(), List.of(train));
  }
}
