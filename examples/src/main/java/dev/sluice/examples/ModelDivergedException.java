package dev.sluice.examples;

/** Gradient descent blew up: the learning rate is too large. Retrying cannot help. */
public final class ModelDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelDivergedException(String message) {
    super(message);
  }
}
