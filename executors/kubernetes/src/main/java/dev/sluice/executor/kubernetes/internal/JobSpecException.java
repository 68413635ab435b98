package dev.sluice.executor.kubernetes.internal;

import dev.sluice.core.spi.RetryHint;

/**
 * An attempt whose Job cannot be written (no image, a credential as a plain variable, a resource
 * Kubernetes would refuse): refused before any API call, and not retried, since the next attempt
 * would be refused the same way.
 */
public final class JobSpecException extends IllegalArgumentException implements RetryHint {
  private static final long serialVersionUID = 1L;

  public JobSpecException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
