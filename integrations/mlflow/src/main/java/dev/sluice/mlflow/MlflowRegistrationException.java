package dev.sluice.mlflow;

/**
 * MLflow did not make a new model version {@code READY}: it said {@code FAILED_REGISTRATION} (the
 * message carries MLflow's {@code status_message}), or the version stayed {@code
 * PENDING_REGISTRATION} past {@link MlflowConfig#readyTimeout()}.
 */
public class MlflowRegistrationException extends MlflowException {
  private static final long serialVersionUID = 1L;

  private final String model;
  private final int version;
  private final String versionStatus;

  /** The version that did not become ready, and its last status. */
  public MlflowRegistrationException(String message, String model, int version, String versionStatus) {
    super(message, -1, null);
    this.model = model;
    this.version = version;
    this.versionStatus = versionStatus;
  }

  /** The model. */
  public String model() {
    return model;
  }

  /** The version MLflow gave it. */
  public int version() {
    return version;
  }

  /** Its last status: {@code FAILED_REGISTRATION} or {@code PENDING_REGISTRATION}. */
  public String versionStatus() {
    return versionStatus;
  }
}
