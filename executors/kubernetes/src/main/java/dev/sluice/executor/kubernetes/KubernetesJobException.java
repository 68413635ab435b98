package dev.sluice.executor.kubernetes;

import dev.sluice.core.spi.RetryHint;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A task's Job failed on Kubernetes for a reason the pod or the Job reported: a non-zero exit, an
 * out-of-memory kill, the deadline, an image that cannot be pulled, an eviction, no node to run on.
 * The message says what happened and what to change; {@link #logTail()} holds the end of the
 * container's log when there was one.
 *
 * <p>An out-of-memory kill, an eviction, an image pull failure, the Job's deadline and a pod no node
 * could take are reported as the engine's typed {@code InfrastructureFailure}s ({@code OutOfMemory},
 * {@code Evicted}, {@code ImagePullFailed}, {@code DeadlineExceeded}, {@code Unschedulable}, the
 * last a {@code QueuedTimeoutException}) with this exception as their cause, so that retry policies
 * name them the same way on every executor.
 */
public class KubernetesJobException extends RuntimeException implements RetryHint {
  private static final long serialVersionUID = 1L;

  /** Why the Job failed. */
  public enum Reason {
    /** The container exited with a non-zero code. */
    EXIT_CODE(false),
    /** The container was killed for exceeding its memory limit. */
    OOM_KILLED(false),
    /** The Job ran longer than its {@code activeDeadlineSeconds} (the task's timeout). */
    DEADLINE_EXCEEDED(false),
    /** The image could not be pulled (wrong name or tag, missing pull secret, registry down). */
    IMAGE_PULL(false),
    /** The container could not be created, e.g. a referenced Secret or key does not exist. */
    CONTAINER_CONFIG(false),
    /** The pod was evicted from its node (node pressure, preemption). */
    EVICTED(true),
    /** No node could take the pod for longer than the configured time. */
    UNSCHEDULABLE(true),
    /** The pod or the Job disappeared before the attempt ended. */
    LOST(true),
    /** The Job failed for another reason Kubernetes gave. */
    FAILED(false);

    private final boolean retryable;

    Reason(boolean retryable) {
      this.retryable = retryable;
    }

    /** Whether another attempt may succeed without a change (capacity, node trouble). */
    public boolean retryable() {
      return retryable;
    }
  }

  private final Reason reason;
  private final String namespace;
  private final String jobName;
  private final String podName;
  private final Integer exitCode;
  private final String logTail;

  public KubernetesJobException(
      Reason reason,
      String message,
      String namespace,
      String jobName,
      String podName,
      Integer exitCode,
      String logTail) {
    super(message + (logTail == null || logTail.isBlank() ? "" : "\n--- last lines of the log ---\n" + logTail));
    this.reason = Objects.requireNonNull(reason, "reason");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.jobName = Objects.requireNonNull(jobName, "jobName");
    this.podName = podName;
    this.exitCode = exitCode;
    this.logTail = logTail == null ? "" : logTail;
  }

  public Reason reason() {
    return reason;
  }

  /**
   * Whether another attempt may succeed without a change; the engine follows this (a {@link
   * RetryHint}) within the task's attempt budget.
   */
  @Override
  public boolean retryable() {
    return reason.retryable();
  }

  public String namespace() {
    return namespace;
  }

  public String jobName() {
    return jobName;
  }

  /** The pod the failure was seen on, if one was. */
  public Optional<String> podName() {
    return Optional.ofNullable(podName);
  }

  /** The container's exit code, if it exited. */
  public OptionalInt exitCode() {
    return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
  }

  /** The last lines of the container's log ("" when none could be read). */
  public String logTail() {
    return logTail;
  }
}
