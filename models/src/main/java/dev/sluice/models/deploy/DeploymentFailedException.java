package dev.sluice.models.deploy;

/** A version that did not become ready (or failed its check); the message says why and where. */
public class DeploymentFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with its reason. */
  public DeploymentFailedException(String message) {
    super(message);
  }

  /** A failure with its reason and cause. */
  public DeploymentFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
