package dev.sluice.core.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of a run: its state, the labels it was started with, and every node's status (nested
 * nodes included), in order.
 */
public record RunStatus(
    String runId,
    String workflowName,
    RunState state,
    Instant started,
    Optional<Instant> ended,
    Map<String, String> labels,
    List<NodeStatus> nodes) {

  public RunStatus {
    labels = Map.copyOf(labels);
    nodes = List.copyOf(nodes);
  }

  /** The node with this path, if the run has it. */
  public Optional<NodeStatus> node(String path) {
    for (NodeStatus n : nodes) {
      if (n.path().equals(path)) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /**
   * The node table as text, one line per node: path, kind, state, the executor its latest attempt
   * ran on, attempts, duration, and the error or, for a CACHED node, the cache entry it used.
   */
  public String toTable() {
    int width = 4;
    int executorWidth = 8;
    for (NodeStatus n : nodes) {
      width = Math.max(width, n.path().length());
      executorWidth = Math.max(executorWidth, n.executor().map(String::length).orElse(0));
    }
    StringBuilder sb = new StringBuilder();
    sb.append("run ").append(runId).append(" (").append(workflowName).append("): ").append(state).append('\n');
    String columns = "  %-" + width + "s  %-8s  %-9s  %-" + executorWidth + "s  %8";
    sb.append(String.format(columns + "s  %10s  %s%n", "node", "kind", "state", "executor", "attempts", "ms", "error"));
    for (NodeStatus n : nodes) {
      sb.append(
          String.format(
              columns + "d  %10d  %s%n",
              n.path(),
              n.kind(),
              n.state(),
              n.executor().orElse("-"),
              n.attempts(),
              n.duration().toMillis(),
              n.error().map(NodeError::summary).orElse(n.waitingFor().or(() -> n.cache().map(c -> "entry " + c.describe()))
                  .orElse(""))));
    }
    return sb.toString();
  }
}
