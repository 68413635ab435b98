package dev.sluice.core.journal;

import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.NodeStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One node as its journal tells it: its last state, its attempts, and what a resume needs (the
 * last attempt's executor and name, the output).
 *
 * @param attempts the highest attempt number journaled
 * @param failures attempts that failed (moves to RETRYING or FAILED); attempts cut short by a
 *     crash are not failures
 * @param executor the executor of the last attempt started
 * @param attemptName the name of the last attempt started
 * @param outputJson the output, if the node SUCCEEDED or was CACHED
 */
public record NodeHistory(
    String path,
    String kind,
    NodeState state,
    int attempts,
    int failures,
    Optional<Instant> started,
    Optional<Instant> ended,
    Optional<NodeError> error,
    Optional<String> executor,
    Optional<String> attemptName,
    Optional<String> outputJson) {

  public NodeHistory {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(ended, "ended");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(attemptName, "attemptName");
    Objects.requireNonNull(outputJson, "outputJson");
  }

  /** This node with one more update applied. */
  NodeHistory then(JournalRecord.NodeUpdate u) {
    NodeState s = u.state();
    boolean failed = s == NodeState.RETRYING || s == NodeState.FAILED;
    boolean running = s == NodeState.RUNNING;
    return new NodeHistory(
        path,
        kind,
        s,
        Math.max(attempts, u.attempt()),
        failures + (failed && u.attempt() > 0 ? 1 : 0),
        started.isPresent() || !running ? started : Optional.of(u.at()),
        s.isTerminal() ? Optional.of(u.at()) : Optional.empty(),
        u.error().isPresent() ? u.error() : error,
        running ? u.executor() : executor,
        running ? u.attemptName() : attemptName,
        s.hasOutput() ? u.outputJson() : Optional.empty());
  }

  static NodeHistory first(JournalRecord.NodeUpdate u) {
    NodeHistory empty =
        new NodeHistory(
            u.node(), u.kind(), NodeState.PENDING, 0, 0, Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    return empty.then(u);
  }

  /** As a row of a {@code RunStatus}. */
  public NodeStatus status() {
    return new NodeStatus(path, kind, state, attempts, started, ended, error, Optional.empty(), executor);
  }
}
