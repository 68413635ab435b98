package dev.sluice.mlflow;

import java.util.Optional;

/**
 * MLflow refused a call, or could not be reached. Carries MLflow's {@code error_code} (e.g. {@code
 * INTERNAL_ERROR}) and the HTTP status when there was an answer. Never carries credentials.
 */
public class MlflowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String errorCode;

  /** An answer from MLflow: its HTTP status, {@code error_code} and a message naming the call. */
  public MlflowException(String message, int status, String errorCode) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  /** No answer (connection refused, timeout): {@code cause} says why. */
  public MlflowException(String message, Throwable cause) {
    super(message, cause);
    this.status = -1;
    this.errorCode = null;
  }

  /** The HTTP status of MLflow's answer, if there was one. */
  public Optional<Integer> status() {
    return status < 0 ? Optional.empty() : Optional.of(status);
  }

  /** MLflow's {@code error_code}, if its answer had one. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }
}
