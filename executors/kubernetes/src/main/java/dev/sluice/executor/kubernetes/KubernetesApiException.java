package dev.sluice.executor.kubernetes;

import dev.sluice.core.spi.RetryHint;
import java.util.Objects;

/**
 * A call to the Kubernetes API failed for good: forbidden (403, reported at once, naming the
 * namespace, verb and resource the service account lacks), or still failing after the executor's
 * retries, or refused because the circuit breaker is open after repeated failures.
 */
public class KubernetesApiException extends RuntimeException implements RetryHint {
  private static final long serialVersionUID = 1L;

  private final String namespace;
  private final String verb;
  private final String resource;
  private final int statusCode;

  public KubernetesApiException(
      String message, String namespace, String verb, String resource, int statusCode, Throwable cause) {
    super(message, cause);
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.verb = Objects.requireNonNull(verb, "verb");
    this.resource = Objects.requireNonNull(resource, "resource");
    this.statusCode = statusCode;
  }

  public String namespace() {
    return namespace;
  }

  /** The API verb: create, get, list, watch, delete, or (on a Lease) patch. */
  public String verb() {
    return verb;
  }

  /** The resource, e.g. {@code jobs}, {@code pods}, {@code pods/log} or {@code leases}. */
  public String resource() {
    return resource;
  }

  /** The HTTP status the API answered, 0 when it could not be reached. */
  public int statusCode() {
    return statusCode;
  }

  /**
   * Whether another attempt may get through: the API could not be reached, was overloaded (429) or
   * failed (5xx). A refusal (403, 404, 422, …) will be refused again.
   */
  @Override
  public boolean retryable() {
    return statusCode == 0 || statusCode == 429 || statusCode >= 500;
  }

  /** Whether the service account lacks the permission (HTTP 403). */
  public boolean forbidden() {
    return statusCode == 403;
  }
}
