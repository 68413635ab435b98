package dev.sluice.core.spi;

/**
 * A metric source refused the query itself (a PromQL syntax error, a result of the wrong type, a
 * bad label name): retrying cannot help, the query must be fixed. The message says what and how.
 */
public class MetricQueryException extends RuntimeException {
  public MetricQueryException(String message) {
    super(message);
  }

  public MetricQueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
