package dev.sluice.core.model;

/**
 * What a running task attempt knows about itself: which run, node and attempt it is. A task body
 * may read it; executors receive it with every attempt.
 */
public interface TaskContext {
  /** The run's unique id. */
  String runId();

  /** The name of the workflow the run executes. */
  String workflowName();

  /** The node's path in the run, e.g. {@code train} or {@code tune/fit[3]}. */
  String nodePath();

  /** 1 for the first attempt, 2 for the first retry, and so on. */
  int attempt();

  /**
   * The attempt's deterministic name {@code <run>-<node>-<attempt>}, a valid DNS-1123 label of at
   * most 63 characters (remote executors name their Job or Ray submission by it).
   */
  String attemptName();
}
