package dev.sluice.testing;

import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunFailedException;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunStatus;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.testing.internal.snapshot.SpecSnapshots;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.Assertions;

/**
 * AssertJ entry points for runs, their nodes and workflow specs, plus all of AssertJ's own (this
 * class extends {@link Assertions}), so one static import serves a whole test.
 *
 * <pre>{@code
 * import static dev.sluice.testing.SluiceAssertions.assertThat;
 *
 * assertThat(engine.run(WORKFLOW, params))
 *     .succeeded()
 *     .hasOutputSatisfying(d -> assertThat(d.action()).isEqualTo("promote"))
 *     .node("train[0]").ranAttempts(2)
 *     .node("decide/alert").isSkipped();
 * }</pre>
 *
 * <p>Every failure message ends with the run's node table ({@link RunStatus#toTable()}).
 */
public class SluiceAssertions extends Assertions {
  /** How long {@link #assertThat(RunHandle)} waits for a run to end. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

  protected SluiceAssertions() {}

  /** Waits for the run to end (at most {@link #DEFAULT_WAIT}), then asserts on how it ended. */
  public static <O> RunAssert<O> assertThat(RunHandle<O> run) {
    return assertThat(run, DEFAULT_WAIT);
  }

  /**
   * Waits for the run to end, at most {@code wait}, then asserts on how it ended.
   *
   * @throws AssertionError if the run is still going after {@code wait}
   */
  public static <O> RunAssert<O> assertThat(RunHandle<O> run, Duration wait) {
    Objects.requireNonNull(run, "run");
    try {
      run.await(wait);
    } catch (RunFailedException expectedByManyTests) {
      // How the run ended is what the assertions check.
    } catch (TimeoutException e) {
      throw new AssertionError(
          "run " + run.runId() + " of workflow '" + run.workflowName() + "' did not end within "
              + wait + " (with virtual time, advance the TestClock past its timers first)\n\n"
              + run.status().toTable(),
          e);
    }
    return new RunAssert<>(run.status(), run);
  }

  /**
   * Waits (at most {@link #DEFAULT_WAIT}) until the run's gate at {@code gate} is WAITING, then
   * asserts on the run as it stands: {@code assertWaitingAt(run, "approve").node("train").succeeded()}.
   *
   * @throws AssertionError if the run ends, or the gate does not wait within the time
   */
  public static <O> RunAssert<O> assertWaitingAt(RunHandle<O> run, String gate) {
    Objects.requireNonNull(run, "run");
    long deadline = System.nanoTime() + DEFAULT_WAIT.toNanos();
    while (!run.isDone() && System.nanoTime() < deadline) {
      RunStatus status = run.status();
      if (status.node(gate).map(n -> n.state() == NodeState.WAITING).orElse(false)) {
        return new RunAssert<>(status, run).isWaitingAt(gate);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // the gate starts waiting on an engine thread
    }
    return new RunAssert<>(run.status(), run).isWaitingAt(gate);
  }

  /** Asserts on a run's status (e.g. {@code RunFailedException.status()}); no output, no events. */
  public static RunAssert<Object> assertThat(RunStatus status) {
    return new RunAssert<>(status, null);
  }

  /** Asserts on a workflow's compiled spec, e.g. that it matches its snapshot. */
  public static WorkflowAssert assertThat(WorkflowDefinition<?, ?> workflow) {
    return assertThat(Objects.requireNonNull(workflow, "workflow").spec());
  }

  /** Asserts on a compiled spec, e.g. that it matches its snapshot. */
  public static WorkflowAssert assertThat(WorkflowSpec spec) {
    return new WorkflowAssert(spec, SpecSnapshots.Settings.fromEnvironment());
  }
}
