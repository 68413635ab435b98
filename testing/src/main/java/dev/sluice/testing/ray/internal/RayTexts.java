package dev.sluice.testing.ray.internal;

import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The texts Ray's dashboard answers with: tracebacks, status messages, generated ids. */
final class RayTexts {
  /** {@code [A-Za-z0-9]} without the look-alikes {@code I l o O 0}, as {@code generate_job_id}. */
  private static final String ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz123456789";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  static final String NOT_FOUND = "404: Not Found";
  static final String METHOD_NOT_ALLOWED = "405: Method Not Allowed";
  /** The 405 body of a browser-like POST/PUT before Ray 2.54 ({@code http_server_head.py}). */
  static final String BROWSER_BEFORE_2_54 = "Method Not Allowed for browser traffic.";
  /** aiohttp's text for an exception that escaped a handler. */
  static final String INTERNAL_ERROR = "500 Internal Server Error\n\nServer got itself in trouble";
  static final String STOPPED = "Job was intentionally stopped.";

  private RayTexts() {}

  /** {@code raysubmit_} and 16 random characters. */
  static String newSubmissionId() {
    StringBuilder sb = new StringBuilder("raysubmit_");
    for (int i = 0; i < 16; i++) {
      sb.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
    }
    return sb.toString();
  }

  /** A Python traceback ending in {@code exceptionLine}, as {@code traceback.format_exc()} gives it. */
  static String traceback(String exceptionLine) {
    return "Traceback (most recent call last):\n"
        + "  File \"/ray/python/ray/dashboard/modules/job/job_head.py\", line 300, in submit_job\n"
        + "    submit_request: JobSubmitRequest = result\n"
        + exceptionLine + "\n";
  }

  /** The head's 500 body when the agent refused a submission id that exists. */
  static String duplicateSubmission(String id) {
    String agent =
        "Traceback (most recent call last):\n"
            + "  File \"/ray/python/ray/dashboard/modules/job/job_agent.py\", line 62, in submit_job\n"
            + "    submission_id = await self.get_job_manager().submit_job(\n"
            + "  File \"/ray/python/ray/dashboard/modules/job/job_manager.py\", line 557, in submit_job\n"
            + "    raise ValueError(\n"
            + "ValueError: Job with submission_id " + id
            + " already exists. Please use a different submission_id.\n";
    return "Traceback (most recent call last):\n"
        + "  File \"/ray/python/ray/dashboard/modules/job/job_head.py\", line 72, in _raise_error\n"
        + "    raise RuntimeError(f\"Request failed with status code {status}: {error_text}.\")\n"
        + "RuntimeError: Request failed with status code 400: " + agent + ".\n";
  }

  static String jobNotFound(String id) {
    return "Job " + id + " does not exist";
  }

  static String deleteNonTerminal(String id, String status) {
    return "Traceback (most recent call last):\n"
        + "  File \"/ray/python/ray/dashboard/modules/job/job_head.py\", line 520, in delete_job\n"
        + "    deleted = await self._job_manager.delete_job(job.submission_id)\n"
        + "RuntimeError: Attempted to delete job '" + id + "', but it is in a non-terminal state "
        + status + ".\n";
  }

  /** {@code JobInfo}'s default message for a PENDING job. */
  static String pendingMessage(SubmitRequest request) {
    String message = "Job has not started yet.";
    if (request.asksForResources()) {
      message += " It may be waiting for resources (CPUs, GPUs, memory, custom resources) to become available.";
    }
    if (request.runtimeEnv() != null && !request.runtimeEnv().isEmpty()) {
      message += " It may be waiting for the runtime environment to be set up.";
    }
    return message;
  }

  /** The supervisor's message for an entrypoint that exited non-zero. */
  static String commandFailed(int code, String lastLines) {
    if (lastLines.isEmpty()) {
      return "Job entrypoint command failed with exit code " + code + ". No logs available.";
    }
    return "Job entrypoint command failed with exit code " + code
        + ", last available logs (truncated to 20,000 chars):\n" + lastLines;
  }

  static String startTimeout(double seconds) {
    return "Job supervisor actor failed to start within " + seconds
        + " seconds. This timeout can be configured by setting the environment variable "
        + "RAY_JOB_START_TIMEOUT_SECONDS.";
  }

  /**
   * The 405 body of a browser-like request from Ray 2.54 on (its browser middleware names the
   * method; checked on Ray 2.58: {@code 'POST' method not allowed for browser traffic.}).
   */
  static String browserRefused(String method) {
    return "'" + method + "' method not allowed for browser traffic.";
  }

  /** The supervisor's line before it starts the entrypoint (no timestamp: it is written as is). */
  static String runningEntrypoint(String id, String entrypoint) {
    return "Running entrypoint for job " + id + ": " + entrypoint + "\n";
  }

  /** A dashboard log line like Ray's {@code job_manager.py} writes into the job's log. */
  static String logLine(String text) {
    return LocalDateTime.now().format(LOG_TIME) + "\tINFO job_manager.py:568 -- " + text + "\n";
  }
}
