package dev.sluice.cli.internal;

/** A command that cannot go on: its message says what to do, its exit code what went wrong. */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Exit codes: 0 done, 1 refused or failed, 2 bad usage, 3 not found, 4 store or console unreachable. */
  public static final int REFUSED = 1;
  public static final int USAGE = 2;
  public static final int NOT_FOUND = 3;
  public static final int UNREACHABLE = 4;

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
