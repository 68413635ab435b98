package dev.sluice.storage.minio.internal;

import io.minio.errors.ErrorResponseException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * Takes credentials out of what the store says. The MinIO SDK's exceptions carry the request they
 * failed on: {@code ErrorResponseException.toString()} prints every request header, and hides the
 * signature and the access key but not {@code X-Amz-Security-Token} (a session token is a
 * credential); other messages may quote a response body that echoes headers. So no SDK exception
 * leaves the store: {@link #copy} makes a stand-in with the same type name, a scrubbed message and
 * the same stack, and every message built from one goes through {@link #text}.
 */
final class Scrub {
  /** A header or query parameter that carries a credential, with its value (to the line's or parameter's end). */
  private static final Pattern SECRET = Pattern.compile(
      "(?i)\\b(x-amz-security-token|authorization|proxy-authorization|x-amz-signature|x-amz-credential"
          + "|x-amz-server-side-encryption-customer-key(?:-md5)?|cookie|set-cookie)(\\s*[:=]\\s*)[^\\r\\n&]*");
  private static final int MAX_DEPTH = 8;

  private Scrub() {}

  /** {@code text} with the value of every credential-carrying header or parameter replaced by ****. */
  static String text(String text) {
    return text == null ? null : SECRET.matcher(text).replaceAll("$1$2****");
  }

  /**
   * What went wrong, without the request: an S3 error's code, message, resource and request id;
   * otherwise the exception's type and scrubbed message.
   */
  static String describe(Throwable t) {
    if ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
      return describe(t.getCause()); // their message is the cause's toString(), request and all
    }
    if (t instanceof ErrorResponseException e) {
      var r = e.errorResponse();
      return r.code() + " (" + text(r.message()) + (r.resource() != null ? ", resource " + r.resource() : "")
          + (r.requestId() != null ? ", request id " + r.requestId() : "")
          + (e.response() != null ? ", HTTP " + e.response().code() : "") + ")";
    }
    return t.getClass().getSimpleName() + (t.getMessage() != null ? ": " + text(t.getMessage()) : "");
  }

  /** A stand-in for {@code t} and its causes that says what they said, minus requests and credentials. */
  static Throwable copy(Throwable t) {
    return copy(t, 0);
  }

  private static Throwable copy(Throwable t, int depth) {
    if (t == null || depth == MAX_DEPTH) {
      return null;
    }
    if (t instanceof Scrubbed) {
      return t;
    }
    Scrubbed copy = new Scrubbed(t.getClass().getName() + ": " + describe(t), copy(t.getCause(), depth + 1));
    copy.setStackTrace(t.getStackTrace());
    for (Throwable s : t.getSuppressed()) {
      Throwable c = copy(s, depth + 1);
      if (c != null) {
        copy.addSuppressed(c);
      }
    }
    return copy;
  }

  /** An SDK or transport exception as the store passes it on: its type's name and a scrubbed message. */
  static final class Scrubbed extends Exception {
    private static final long serialVersionUID = 1L;

    Scrubbed(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }
}
