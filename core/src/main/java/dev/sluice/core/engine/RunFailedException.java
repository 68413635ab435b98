package dev.sluice.core.engine;

import java.util.Optional;

/**
 * A run ended without an output: a node failed for good, or the run was cancelled. Carries the
 * run's final status; the cause is the first failure.
 */
public class RunFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient RunStatus status;

  public RunFailedException(String message, RunStatus status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public RunStatus status() {
    return status;
  }

  public String runId() {
    return status.runId();
  }

  /** The path of the first node that failed, if a node failed. */
  public Optional<String> failedNode() {
    return status.nodes().stream()
        .filter(n -> n.state() == NodeState.FAILED)
        .map(NodeStatus::path)
        .findFirst();
  }
}
