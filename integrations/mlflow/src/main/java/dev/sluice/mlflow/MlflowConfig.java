package dev.sluice.mlflow;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an MLflow server is and how to talk to it. Built with {@link #builder(URI)}; the
 * credentials are kept out of {@link #toString()}, logs and exception messages.
 *
 * @param uri the tracking server, e.g. {@code http://localhost:5000} (the REST API is under
 *     {@code /api/2.0/mlflow/})
 * @param authorization the {@code Authorization} header to send, if any (see {@link
 *     Builder#token} and {@link Builder#basic})
 * @param requestTimeout the longest one HTTP request may take
 * @param retryAttempts how many times a call is tried in all when MLflow is briefly away
 *     (connection refused, 429, 502, 503, 504)
 * @param retryWait the first wait between tries, doubled after each
 * @param readyTimeout how long {@code register} waits for a new version to leave {@code
 *     PENDING_REGISTRATION}
 * @param pollInterval how often it asks meanwhile
 */
public record MlflowConfig(URI uri, Optional<String> authorization, Duration requestTimeout, int retryAttempts,
    Duration retryWait, Duration readyTimeout, Duration pollInterval) {

  public MlflowConfig {
    Objects.requireNonNull(uri, "uri");
    if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
      throw new IllegalArgumentException("MLflow uri '" + uri + "' is not http(s); give the tracking server's "
          + "address, e.g. http://localhost:5000");
    }
    Objects.requireNonNull(authorization, "authorization");
    positive("requestTimeout", requestTimeout);
    if (retryAttempts < 1) {
      throw new IllegalArgumentException("retryAttempts must be at least 1 (one try, no retry), not " + retryAttempts);
    }
    positive("retryWait", retryWait);
    positive("readyTimeout", readyTimeout);
    positive("pollInterval", pollInterval);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
    }
  }

  /** A builder for the server at {@code uri}, with no credentials and the defaults below. */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /** The same as {@code builder(URI.create(uri))}. */
  public static Builder builder(String uri) {
    return new Builder(URI.create(uri));
  }

  @Override
  public String toString() {
    return "MlflowConfig[uri=" + uri + ", authorization=" + (authorization.isPresent() ? "(set)" : "(none)")
        + ", requestTimeout=" + requestTimeout + ", retryAttempts=" + retryAttempts + ", retryWait=" + retryWait
        + ", readyTimeout=" + readyTimeout + ", pollInterval=" + pollInterval + "]";
  }

  /** Collects a configuration; mutable, not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final URI uri;
    private Optional<String> authorization = Optional.empty();
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int retryAttempts = 5;
    private Duration retryWait = Duration.ofMillis(200);
    private Duration readyTimeout = Duration.ofMinutes(5);
    private Duration pollInterval = Duration.ofSeconds(1);

    private Builder(URI uri) {
      this.uri = uri;
    }

    /** A bearer token, as {@code MLFLOW_TRACKING_TOKEN} gives MLflow's own client. */
    public Builder token(String token) {
      this.authorization = Optional.of("Bearer " + Objects.requireNonNull(token, "token"));
      return this;
    }

    /** HTTP basic credentials, as MLflow's basic-auth app takes ({@code MLFLOW_TRACKING_USERNAME/PASSWORD}). */
    public Builder basic(String user, String password) {
      String pair = Objects.requireNonNull(user, "user") + ":" + Objects.requireNonNull(password, "password");
      this.authorization = Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      return this;
    }

    /** The longest one request may take (default 30 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /** Tries in all for a call meeting a transient error (default 5), the first wait doubling after each (default 200 ms). */
    public Builder retry(int attempts, Duration firstWait) {
      this.retryAttempts = attempts;
      this.retryWait = firstWait;
      return this;
    }

    /** How long register waits for a version to be READY (default 5 min), asking every {@code poll} (default 1 s). */
    public Builder readyTimeout(Duration timeout, Duration poll) {
      this.readyTimeout = timeout;
      this.pollInterval = poll;
      return this;
    }

    /** The configuration. */
    public MlflowConfig build() {
      return new MlflowConfig(uri, authorization, requestTimeout, retryAttempts, retryWait, readyTimeout, pollInterval);
    }
  }
}
