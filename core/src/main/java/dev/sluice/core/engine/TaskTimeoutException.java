package dev.sluice.core.engine;

import java.time.Duration;

/** An attempt ran longer than its task's timeout and was cancelled. */
public final class TaskTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TaskTimeoutException(String attemptName, Duration timeout) {
    super("attempt " + attemptName + " exceeded its timeout of " + timeout + " and was cancelled");
  }
}
