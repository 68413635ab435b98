package dev.sluice.executor.ray;

import dev.sluice.core.spi.RetryHint;
import java.util.OptionalInt;

/**
 * The Ray dashboard refused a request (a 4xx, or a 5xx that retries did not clear) or could not be
 * reached. Carries the HTTP status and Ray's text/plain error body as it came.
 */
public class RayDashboardException extends RuntimeException implements RetryHint {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String body;

  /** A refusal: {@code status} and Ray's body. */
  public RayDashboardException(String message, int status, String body) {
    super(message);
    this.status = status;
    this.body = body == null ? "" : body;
  }

  /** No answer at all (connection refused, timeout). */
  public RayDashboardException(String message, Throwable cause) {
    super(message, cause);
    this.status = -1;
    this.body = "";
  }

  /**
   * Whether another attempt may get through: the dashboard did not answer, was overloaded (429) or
   * failed (5xx). A 4xx refusal (bad request, unauthorized) will be refused again.
   */
  @Override
  public boolean retryable() {
    return status < 0 || status == 429 || status >= 500;
  }

  /** The HTTP status, empty when the dashboard did not answer. */
  public OptionalInt status() {
    return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** Ray's error body ("" when none). */
  public String body() {
    return body;
  }
}
