package dev.sluice.core.model;

/** What a run does when a node fails for good (after its retries). */
public enum FailurePolicy {
  /** Cancel running attempts and pending nodes at once; the run fails. The default. */
  FAIL_FAST,
  /**
   * Let every node that does not depend on the failed one finish; dependents are cancelled; the run
   * fails once nothing more can run.
   */
  FINISH_RUNNABLE
}
