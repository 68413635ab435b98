package dev.sluice.core.engine;

import java.nio.file.Path;

/**
 * A command task's process failed: it could not start, exited non-zero, or wrote no readable
 * output. Carries the exit code, the attempt's log directory and the tail of its logs.
 */
public final class CommandFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;
  private final transient Path logDirectory;
  private final String logTail;

  public CommandFailedException(String message, int exitCode, Path logDirectory, String logTail) {
    super(logTail.isBlank() ? message : message + "\n--- log tail ---\n" + logTail.strip());
    this.exitCode = exitCode;
    this.logDirectory = logDirectory;
    this.logTail = logTail;
  }

  /** The exit code, or -1 if the process never started. */
  public int exitCode() {
    return exitCode;
  }

  public Path logDirectory() {
    return logDirectory;
  }

  public String logTail() {
    return logTail;
  }
}
