package dev.sluice.console.internal;

/** A request refused with a status code and a message naming the problem. */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;

  HttpError(int status, String message) {
    super(message);
    this.status = status;
  }
}
