package dev.sluice.core.engine;

import dev.sluice.core.model.InfrastructureKind;
import java.time.Duration;
import java.util.Objects;

/**
 * An attempt waited longer than its queued timeout to start: for a concurrency limit, an
 * executor's slots, a rate permit, or a remote job the cluster kept pending. The message and
 * {@link #waitedFor()} name what it waited for. Retried like any other failure unless the task's
 * retry policy says otherwise ({@code abortOn(QueuedTimeoutException.class)}).
 */
public sealed class QueuedTimeoutException extends InfrastructureFailure permits InfrastructureFailure.Unschedulable {
  private static final long serialVersionUID = 1L;
  private final String waitedFor;
  private final Duration queuedTimeout;

  public QueuedTimeoutException(String attemptName, String waitedFor, Duration queuedTimeout, Throwable cause) {
    this(attemptName, waitedFor, queuedTimeout, cause, InfrastructureKind.QUEUED_TIMEOUT);
  }

  QueuedTimeoutException(
      String attemptName, String waitedFor, Duration queuedTimeout, Throwable cause, InfrastructureKind kind) {
    super("attempt " + attemptName + " waited longer than its queued timeout of " + queuedTimeout + " for "
        + waitedFor + " and was withdrawn. Fix: raise the task's queuedTimeout(...), give the work more capacity,"
        + " or lower what it asks for", cause, kind, true);
    this.waitedFor = Objects.requireNonNull(waitedFor, "waitedFor");
    this.queuedTimeout = Objects.requireNonNull(queuedTimeout, "queuedTimeout");
  }

  /** What the attempt waited for, e.g. {@code the concurrency limit of task 'train' (2 at once)}. */
  public String waitedFor() {
    return waitedFor;
  }

  /** The timeout that passed. */
  public Duration queuedTimeout() {
    return queuedTimeout;
  }
}
