package dev.sluice.core.engine;

/**
 * A map node failed: more of its elements failed than its minimum success ratio allows. The cause
 * is the first element's failure.
 */
public final class MapFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MapFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
