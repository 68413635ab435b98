package dev.sluice.runtime;

import dev.sluice.core.model.TaskContext;
import java.util.Map;

/** The attempt's identity as the engine passed it in the environment ({@code SLUICE_RUN_ID}, …). */
record RunnerContext(
    String runId, String workflowName, String nodePath, int attempt, String attemptName)
    implements TaskContext {

  static RunnerContext fromEnvironment(Map<String, String> env) {
    String attempt = env.getOrDefault("SLUICE_ATTEMPT", "1");
    int n;
    try {
      n = Integer.parseInt(attempt);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SLUICE_ATTEMPT must be a number, got '" + attempt + "'");
    }
    return new RunnerContext(
        env.getOrDefault("SLUICE_RUN_ID", "unknown-run"),
        env.getOrDefault("SLUICE_WORKFLOW", "unknown-workflow"),
        env.getOrDefault("SLUICE_NODE", "unknown-node"),
        n,
        env.getOrDefault("SLUICE_ATTEMPT_NAME", "unknown-attempt"));
  }
}
