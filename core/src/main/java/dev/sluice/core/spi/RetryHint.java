package dev.sluice.core.spi;

/**
 * Implemented by failures that know whether another attempt can help: a 403 from an API or an
 * image that cannot be pulled will fail again; an evicted pod or a lost job may not. The engine
 * follows the hint instead of matching the task's retry policy's exception lists (the policy's
 * attempt budget and backoff still apply).
 */
public interface RetryHint {

  /** Whether another attempt, unchanged, may succeed. */
  boolean retryable();
}
