package dev.sluice.core.spi;

import java.util.Objects;

/**
 * A task failed on a remote executor (a Kubernetes pod, a Ray job). Carries what the task runner
 * recorded in {@code error.json}: the exception type and message, the remote stack trace, and
 * whether the task said a retry may help.
 */
public class RemoteTaskException extends RuntimeException implements RetryHint {
  private static final long serialVersionUID = 1L;

  private final String errorType;
  private final String remoteStack;
  private final boolean retryable;

  public RemoteTaskException(String errorType, String message, String remoteStack, boolean retryable) {
    super(errorType + ": " + message);
    this.errorType = Objects.requireNonNull(errorType, "errorType");
    this.remoteStack = remoteStack == null ? "" : remoteStack;
    this.retryable = retryable;
  }

  /** The remote exception's class name, e.g. {@code java.lang.IllegalStateException}. */
  public String errorType() {
    return errorType;
  }

  /** The remote stack trace as text ("" when the remote side recorded none). */
  public String remoteStack() {
    return remoteStack;
  }

  /** Whether the remote side marked the failure as worth retrying. */
  @Override
  public boolean retryable() {
    return retryable;
  }
}
