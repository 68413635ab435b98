package dev.sluice.core.spi;

/** A store operation failed; the message names the store, the key and, where known, the fix. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
