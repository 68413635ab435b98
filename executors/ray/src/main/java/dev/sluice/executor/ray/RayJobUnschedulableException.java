package dev.sluice.executor.ray;

import java.time.Duration;

/**
 * A Ray job stayed {@code PENDING} longer than its queued timeout (the task's {@code
 * queuedTimeout(...)}, else {@link RayConfig#pendingTimeout()}): the cluster lacks the resources it
 * asks for, or its runtime env never got ready; it was stopped. The attempt fails with the engine's
 * {@code InfrastructureFailure.Unschedulable} (a {@code QueuedTimeoutException}) whose cause is this.
 */
public final class RayJobUnschedulableException extends RayJobFailedException {
  private static final long serialVersionUID = 1L;
  private final Duration pendingFor;

  public RayJobUnschedulableException(String summary, String submissionId, String rayMessage, Duration pendingFor) {
    super(summary, submissionId, RayJobStatus.PENDING, rayMessage, null, null, "");
    this.pendingFor = pendingFor;
  }

  /** How long the job was pending before it was stopped. */
  public Duration pendingFor() {
    return pendingFor;
  }
}
