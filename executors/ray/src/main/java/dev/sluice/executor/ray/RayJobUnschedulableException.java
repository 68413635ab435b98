package dev.sluice.executor.ray;

import java.time.Duration;

/**
 * A Ray job stayed {@code PENDING} longer than {@link RayConfig#pendingTimeout()} (the cluster
 * lacks the resources it asks for, or its runtime env never got ready) and was stopped.
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
