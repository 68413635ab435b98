package dev.sluice.testing;

import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.NodeStatus;
import dev.sluice.core.engine.RunEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one node of an ended run: its state, attempts, error and the states it went
 * through. Made by {@link RunAssert#node(String)}; {@link #node(String)} moves to another node of
 * the same run. Failure messages end with the run's node table.
 */
public final class NodeAssert extends AbstractAssert<NodeAssert, NodeStatus> {
  private final RunAssert<?> run;

  NodeAssert(NodeStatus node, RunAssert<?> run) {
    super(node, NodeAssert.class);
    this.run = run;
  }

  public NodeAssert succeeded() {
    return hasState(NodeState.SUCCEEDED);
  }

  public NodeAssert failed() {
    return hasState(NodeState.FAILED);
  }

  /** Its output came from the task cache. */
  public NodeAssert isCached() {
    return hasState(NodeState.CACHED);
  }

  /** It did not run: a branch arm not taken, or downstream of one. */
  public NodeAssert isSkipped() {
    return hasState(NodeState.SKIPPED);
  }

  public NodeAssert wasCancelled() {
    return hasState(NodeState.CANCELLED);
  }

  public NodeAssert hasState(NodeState expected) {
    if (actual.state() != expected) {
      throw mismatch("to be " + expected + ", but it is " + actual.state()
          + actual.error().map(e -> ": " + e.summary()).orElse(""));
    }
    return this;
  }

  /** Exactly {@code attempts} attempts started (a retried task: the first plus its retries). */
  public NodeAssert ranAttempts(int attempts) {
    if (actual.attempts() != attempts) {
      throw mismatch("to have run " + attempts + " attempt(s), but it ran " + actual.attempts());
    }
    return this;
  }

  /** Its error message (or its cause's) mentions {@code text}. */
  public NodeAssert errorMessageContains(String text) {
    Optional<NodeError> error = actual.error();
    boolean found = error.map(e -> e.message().contains(text)).orElse(false);
    for (Throwable t = error.map(NodeError::cause).orElse(null); !found && t != null; t = t.getCause()) {
      found = String.valueOf(t.getMessage()).contains(text);
    }
    if (!found) {
      throw mismatch("to have an error containing\n  \"" + text + "\"\nbut "
          + error.map(e -> "its error is\n  " + e.type() + ": " + e.message()).orElse("it has no error"));
    }
    return this;
  }

  /** Its error is a {@code type} (by class name, or its cause is an instance). */
  public NodeAssert failedWith(Class<? extends Throwable> type) {
    Optional<NodeError> error = actual.error();
    boolean matches =
        error.map(e -> e.type().equals(type.getName()) || type.isInstance(e.cause())).orElse(false);
    if (!matches) {
      throw mismatch("to have failed with a " + type.getName() + ", but "
          + error.map(e -> "its error is " + e.type() + ": " + e.message()).orElse("it has no error"));
    }
    return this;
  }

  /** The node moved through exactly these states, in order (from PENDING, not listed). */
  public NodeAssert wentThrough(NodeState... states) {
    List<NodeState> seen =
        run.events("wentThrough").stream()
            .filter(e -> e instanceof RunEvent.NodeTransition t && t.nodePath().equals(actual.path()))
            .map(e -> ((RunEvent.NodeTransition) e).to())
            .toList();
    if (!seen.equals(Arrays.asList(states))) {
      throw mismatch("to go through " + Arrays.toString(states) + ", but it went through " + seen);
    }
    return this;
  }

  /** Assertions on another node of the same run. */
  public NodeAssert node(String path) {
    return run.node(path);
  }

  private AssertionError mismatch(String expectation) {
    return failure("%s", run.describe("node '" + actual.path() + "' of ", expectation));
  }
}
