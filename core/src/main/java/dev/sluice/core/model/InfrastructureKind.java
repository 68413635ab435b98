package dev.sluice.core.model;

/**
 * The kinds of infrastructure failure an executor reports (the engine's {@code InfrastructureFailure}
 * types), named here so that a {@link RetryPolicy} can change an attempt's resources after one.
 */
public enum InfrastructureKind {
  /** The container or worker was killed for using more memory than it had (OOMKilled, exit 137). */
  OUT_OF_MEMORY,
  /** The pod was evicted from its node (node pressure, preemption). */
  EVICTED,
  /** The image could not be pulled (ErrImagePull, ImagePullBackOff, InvalidImageName). */
  IMAGE_PULL_FAILED,
  /** The cluster kept the attempt pending: no node fits it (Unschedulable), past the queued timeout. */
  UNSCHEDULABLE,
  /** The cluster stopped the attempt at its deadline (Job activeDeadlineSeconds: DeadlineExceeded). */
  DEADLINE_EXCEEDED,
  /** The attempt waited longer than its queued timeout for a slot, a limit or a rate permit. */
  QUEUED_TIMEOUT
}
