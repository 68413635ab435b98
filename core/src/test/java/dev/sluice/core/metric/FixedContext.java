package dev.sluice.core.metric;

import dev.sluice.core.model.TaskContext;

/** A task context of attempt 1 of node {@code evaluate} of run {@code runId}, outside any engine. */
record FixedContext(String runId) implements TaskContext {
  @Override
  public String workflowName() {
    return "w";
  }

  @Override
  public String nodePath() {
    return "evaluate";
  }

  @Override
  public int attempt() {
    return 1;
  }

  @Override
  public String attemptName() {
    return runId + "-evaluate-1";
  }
}
