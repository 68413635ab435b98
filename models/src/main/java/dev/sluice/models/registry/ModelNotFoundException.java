package dev.sluice.models.registry;

/** A model, version or alias that the registry does not have; the message names it. */
public class ModelNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is missing and where. */
  public ModelNotFoundException(String message) {
    super(message);
  }
}
