package dev.sluice.core.spi;

/**
 * The engine could not do its work with the store even after retrying: storing a node's output
 * or artifacts (for the journal, the cache, a downstream remote attempt), or staging an attempt's
 * inputs and outputs. The message says what the engine was doing, for which node, how many tries
 * it made and the store's last error; the cause is that error.
 *
 * <p>A store fault is an infrastructure fault, not the task's: the engine retries it with its own
 * store retry policy ({@code Engine.builder().storeRetry(...)}), never by running the task again,
 * so this failure is not retried by the task's retry policy ({@link #retryable()} is false).
 */
public class StoreFailedException extends StoreException implements RetryHint {
  private static final long serialVersionUID = 1L;
  private final int tries;

  public StoreFailedException(String message, Throwable cause, int tries) {
    super(message, cause);
    this.tries = tries;
  }

  /** How many times the engine tried. */
  public int tries() {
    return tries;
  }

  /** False: running the task again does not bring the store back. */
  @Override
  public boolean retryable() {
    return false;
  }
}
