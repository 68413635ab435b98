package dev.sluice.core.spi;

/**
 * A metric source could not be reached or answered with a server error: the query may succeed
 * later. Metric triggers retry it and, if it persists, record the evaluation as "source
 * unavailable" without firing.
 */
public class MetricSourceUnavailableException extends RuntimeException {
  public MetricSourceUnavailableException(String message) {
    super(message);
  }

  public MetricSourceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
