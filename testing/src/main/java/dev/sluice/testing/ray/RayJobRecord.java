package dev.sluice.testing.ray;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A snapshot of one job the {@link RayJobsServer} holds: what was submitted and where it stands.
 *
 * @param submissionId the job's id (the client's {@code submission_id}, or a generated {@code
 *     raysubmit_…})
 * @param status the job's state, as {@code GET /api/jobs/{id}} reports it
 * @param entrypoint the shell command the job runs
 * @param message Ray's status message
 * @param errorType Ray's {@code error_type} of a failed job
 * @param driverExitCode the entrypoint's exit code once it exited (not for stopped jobs)
 * @param envVars the {@code runtime_env.env_vars} the process got
 * @param requestBody the JSON body of the {@code POST /api/jobs/} that created the job, as sent
 */
public record RayJobRecord(
    String submissionId,
    Status status,
    String entrypoint,
    String message,
    Optional<String> errorType,
    OptionalInt driverExitCode,
    Map<String, String> envVars,
    String requestBody) {

  public RayJobRecord {
    envVars = Map.copyOf(envVars);
  }

  /** Ray's {@code JobStatus}. */
  public enum Status {
    PENDING,
    RUNNING,
    STOPPED,
    SUCCEEDED,
    FAILED;

    /** Whether no transition leaves this status. */
    public boolean isTerminal() {
      return this == STOPPED || this == SUCCEEDED || this == FAILED;
    }
  }
}
