package dev.sluice.storage.minio.internal;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * One failed call to the server, classified: whether retrying can help ({@link Kind#TRANSIENT}),
 * or what it means for good. Thrown inside the retry, turned into a store exception by {@link
 * Resilience}. Its message names the action and the key, never a credential; its cause is a
 * {@link Scrub scrubbed} stand-in for the SDK's exception, which would print the request's headers.
 */
final class S3Failure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What a failure means. */
  enum Kind { NOT_FOUND, NO_BUCKET, NO_UPLOAD, REFUSED, TLS, UNSUPPORTED, TRANSIENT, OTHER }

  private static final Set<String> REFUSED_CODES = Set.of("AccessDenied", "InvalidAccessKeyId",
      "SignatureDoesNotMatch", "AllAccessDisabled", "InvalidToken", "ExpiredToken", "AccountProblem",
      "AuthorizationHeaderMalformed", "InvalidSecurity", "MissingSecurityHeader");
  private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "InternalError",
      "ServiceUnavailable", "RequestTimeout", "OperationAborted", "Throttling", "XMinioServerNotInitialized");
  private static final Pattern STATUS = Pattern.compile("Response code: (\\d{3})");

  private final Kind kind;
  private final String reason;
  private final int status;

  private S3Failure(String message, Kind kind, String reason, int status, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.reason = reason;
    this.status = status;
  }

  /** Classifies {@code thrown} (unwrapping futures) from the call that {@code did} describes. */
  static S3Failure of(String did, Throwable thrown) {
    Throwable t = thrown;
    while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof S3Failure f) {
      return f;
    }
    String code = t instanceof ErrorResponseException e ? e.errorResponse().code() : null;
    String reason = Scrub.describe(t);
    int status = status(t);
    return new S3Failure(did + " failed: " + reason, classify(t, code, status), reason, status, Scrub.copy(t));
  }

  static boolean isTransient(Throwable t) {
    return t instanceof S3Failure f && f.kind == Kind.TRANSIENT;
  }

  Kind kind() {
    return kind;
  }

  /** The cause in words: S3 error code and message, or exception type and message; never a credential. */
  String reason() {
    return reason;
  }

  /** The HTTP status the server answered, or 0 if it did not answer. */
  int status() {
    return status;
  }

  private static int status(Throwable t) {
    if (t instanceof ErrorResponseException e) {
      return e.response() != null ? e.response().code() : 0;
    }
    if (t instanceof ServerException e) {
      return e.statusCode();
    }
    if (t instanceof InvalidResponseException) {
      Matcher m = STATUS.matcher(String.valueOf(t.getMessage()));
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
    return 0;
  }

  private static Kind classify(Throwable t, String code, int status) {
    if (t instanceof ErrorResponseException e) {
      if (code.equals("NoSuchKey") || code.equals("NoSuchObject")) {
        return Kind.NOT_FOUND;
      } else if (code.equals("NoSuchBucket")) {
        return Kind.NO_BUCKET;
      } else if (code.equals("NoSuchUpload")) {
        return Kind.NO_UPLOAD;
      } else if (REFUSED_CODES.contains(code)) {
        return Kind.REFUSED;
      } else if (TRANSIENT_CODES.contains(code)) {
        return Kind.TRANSIENT;
      } else if (code.equals("NotImplemented")) {
        return Kind.UNSUPPORTED;
      }
      return byStatus(status);
    }
    if (t instanceof ServerException || t instanceof InvalidResponseException) {
      return byStatus(status);
    }
    if (t instanceof SSLHandshakeException || t instanceof SSLPeerUnverifiedException) {
      return Kind.TLS;
    }
    // connection refused or reset, timeouts, unexpected end of stream, unknown host
    return t instanceof IOException ? Kind.TRANSIENT : Kind.OTHER;
  }

  /**
   * By HTTP status: 501 Not Implemented and 505 HTTP Version Not Supported are answers, not outages
   * (RFC 9110 15.6.2, 15.6.6); other 5xx and 429 may pass.
   */
  private static Kind byStatus(int status) {
    if (status == 501 || status == 505) {
      return Kind.UNSUPPORTED;
    }
    return status >= 500 || status == 429 ? Kind.TRANSIENT : Kind.OTHER;
  }
}
