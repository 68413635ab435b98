package dev.sluice.executor.ray;

/** Ray's {@code JobStatus}: where a submitted job stands. */
public enum RayJobStatus {
  /** Not started: waiting for resources or for its runtime env. */
  PENDING,
  RUNNING,
  /** Stopped on request. */
  STOPPED,
  SUCCEEDED,
  FAILED;

  /** Whether the job has ended (no status follows). */
  public boolean isTerminal() {
    return this == STOPPED || this == SUCCEEDED || this == FAILED;
  }
}
