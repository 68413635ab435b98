package dev.sluice.core.spi;

/**
 * The store could not be reached or answered with a server error, after the store's own retries.
 * Transient: the same call may succeed later.
 */
public class StoreUnavailableException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
