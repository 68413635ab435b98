package dev.sluice.executor.ray;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Ray job ended without a result: it {@code FAILED} (non-zero exit, runtime env setup, supervisor
 * death), was {@code STOPPED} by someone else, or never started. Carries what Ray said and the tail
 * of the job's log.
 */
public class RayJobFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String submissionId;
  private final RayJobStatus status;
  private final String rayMessage;
  private final String errorType;
  private final Integer driverExitCode;
  private final String logTail;

  public RayJobFailedException(
      String summary, String submissionId, RayJobStatus status, String rayMessage, String errorType,
      Integer driverExitCode, String logTail) {
    super(summary + (quotes(summary, logTail) ? "" : "\n--- log tail ---\n" + logTail.strip()));
    this.submissionId = Objects.requireNonNull(submissionId, "submissionId");
    this.status = Objects.requireNonNull(status, "status");
    this.rayMessage = rayMessage == null ? "" : rayMessage;
    this.errorType = errorType;
    this.driverExitCode = driverExitCode;
    this.logTail = logTail == null ? "" : logTail;
  }

  /**
   * Whether the summary needs no log tail: there is none, or it already ends with the tail's last
   * line (Ray's message for a non-zero exit quotes the log's last lines).
   */
  private static boolean quotes(String summary, String logTail) {
    if (logTail == null || logTail.isBlank()) {
      return true;
    }
    String tail = logTail.strip();
    String lastLine = tail.substring(tail.lastIndexOf('\n') + 1).strip();
    return summary.strip().endsWith(lastLine);
  }

  /** The job's submission id (the attempt's name). */
  public String submissionId() {
    return submissionId;
  }

  /** The job's last status. */
  public RayJobStatus status() {
    return status;
  }

  /** Ray's {@code message} for the job. */
  public String rayMessage() {
    return rayMessage;
  }

  /** Ray's {@code error_type}, e.g. {@code JOB_ENTRYPOINT_COMMAND_ERROR} (older Rays send none). */
  public Optional<String> errorType() {
    return Optional.ofNullable(errorType);
  }

  /** The entrypoint's exit code, when it exited. */
  public OptionalInt driverExitCode() {
    return driverExitCode == null ? OptionalInt.empty() : OptionalInt.of(driverExitCode);
  }

  /** The last lines of the job's log ({@code GET /api/jobs/{id}/logs}), "" if none could be read. */
  public String logTail() {
    return logTail;
  }
}
