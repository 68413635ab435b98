package dev.sluice.core.spi;

/**
 * The store refused for good: wrong credentials, no permission, no such bucket and no right to
 * create it. Retrying does not help; the message says what to fix.
 */
public class StoreAccessException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
