package dev.sluice.mlflow;

/**
 * An error as MLflow's server answers it: {@code {"error_code": ..., "message": ...}} with the HTTP
 * status of mlflow/exceptions.py {@code ERROR_CODE_TO_HTTP_STATUS} (RESOURCE_DOES_NOT_EXIST 404,
 * RESOURCE_ALREADY_EXISTS and INVALID_PARAMETER_VALUE 400, TEMPORARILY_UNAVAILABLE 503,
 * ENDPOINT_NOT_FOUND 404, INTERNAL_ERROR 500).
 */
final class MlflowApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final String code;

  MlflowApiError(String code, String message) {
    super(message);
    this.code = code;
  }

  int status() {
    return switch (code) {
      case "RESOURCE_DOES_NOT_EXIST", "ENDPOINT_NOT_FOUND" -> 404;
      case "RESOURCE_ALREADY_EXISTS", "INVALID_PARAMETER_VALUE", "BAD_REQUEST" -> 400;
      case "TEMPORARILY_UNAVAILABLE" -> 503;
      case "REQUEST_LIMIT_EXCEEDED" -> 429;
      case "PERMISSION_DENIED" -> 403;
      case "UNAUTHENTICATED" -> 401;
      default -> 500;
    };
  }

  static MlflowApiError notFound(String message) {
    return new MlflowApiError("RESOURCE_DOES_NOT_EXIST", message);
  }

  static MlflowApiError invalid(String message) {
    return new MlflowApiError("INVALID_PARAMETER_VALUE", message);
  }
}
