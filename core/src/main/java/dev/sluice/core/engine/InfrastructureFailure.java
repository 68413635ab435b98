package dev.sluice.core.engine;

import dev.sluice.core.model.InfrastructureKind;

/**
 * An attempt failed because of where it ran or waited, not because of its code: it ran out of
 * memory, was evicted, its image could not be pulled, the cluster stopped it at its deadline, or it
 * waited too long to start ({@link QueuedTimeoutException}, and {@link Unschedulable} for a cluster
 * that found no node). Executors report these types whatever their backend (Kubernetes, Ray), so a
 * retry policy names them once: {@code RetryPolicy.builder().abortOn(ImagePullFailed.class)}, or
 * changes the resources of the next attempt with {@code onOutOfMemory(r -> r.withMemory(r.memoryBytes() * 2))}.
 *
 * <p>Without a retry policy that names a type (in {@code retryOn}, {@code abortOn}, or a resource
 * change for its {@link #kind()}), a failure is retried only if {@link #retryableByDefault()}: an
 * eviction or a queue timeout may pass; the same memory, image or deadline fails again. The cause
 * is the executor's own exception (e.g. a {@code KubernetesJobException} with the pod and its log).
 */
public abstract sealed class InfrastructureFailure extends RuntimeException
    permits InfrastructureFailure.OutOfMemory,
        InfrastructureFailure.Evicted,
        InfrastructureFailure.ImagePullFailed,
        InfrastructureFailure.DeadlineExceeded,
        QueuedTimeoutException {
  private static final long serialVersionUID = 1L;
  private final InfrastructureKind kind;
  private final boolean retryableByDefault;

  InfrastructureFailure(String message, Throwable cause, InfrastructureKind kind, boolean retryableByDefault) {
    super(message, cause);
    this.kind = kind;
    this.retryableByDefault = retryableByDefault;
  }

  /** The kind, as a retry policy's resource change names it. */
  public final InfrastructureKind kind() {
    return kind;
  }

  /** Whether another attempt with nothing changed may succeed (capacity or node trouble). */
  public final boolean retryableByDefault() {
    return retryableByDefault;
  }

  /** The container or worker was killed for using more memory than it had (OOMKilled, exit 137); not retried by default. */
  public static final class OutOfMemory extends InfrastructureFailure {
    private static final long serialVersionUID = 1L;

    public OutOfMemory(String message, Throwable cause) {
      super(message, cause, InfrastructureKind.OUT_OF_MEMORY, false);
    }
  }

  /** The pod was evicted from its node (node pressure, preemption, drain); retried by default. */
  public static final class Evicted extends InfrastructureFailure {
    private static final long serialVersionUID = 1L;

    public Evicted(String message, Throwable cause) {
      super(message, cause, InfrastructureKind.EVICTED, true);
    }
  }

  /** The image could not be pulled (ErrImagePull, ImagePullBackOff, InvalidImageName); not retried by default. */
  public static final class ImagePullFailed extends InfrastructureFailure {
    private static final long serialVersionUID = 1L;

    public ImagePullFailed(String message, Throwable cause) {
      super(message, cause, InfrastructureKind.IMAGE_PULL_FAILED, false);
    }
  }

  /** The cluster stopped the attempt at its deadline (Job activeDeadlineSeconds: DeadlineExceeded); not retried by default. */
  public static final class DeadlineExceeded extends InfrastructureFailure {
    private static final long serialVersionUID = 1L;

    public DeadlineExceeded(String message, Throwable cause) {
      super(message, cause, InfrastructureKind.DEADLINE_EXCEEDED, false);
    }
  }

  /**
   * The cluster found no node for the attempt (a pod with PodScheduled=False, reason
   * Unschedulable; a Ray job that stays PENDING) for longer than its queued timeout; retried by default.
   */
  public static final class Unschedulable extends QueuedTimeoutException {
    private static final long serialVersionUID = 1L;

    public Unschedulable(String attemptName, String waitedFor, java.time.Duration queuedTimeout, Throwable cause) {
      super(attemptName, waitedFor, queuedTimeout, cause, InfrastructureKind.UNSCHEDULABLE);
    }
  }
}
