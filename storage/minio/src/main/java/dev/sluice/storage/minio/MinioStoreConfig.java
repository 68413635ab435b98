package dev.sluice.storage.minio;

import dev.sluice.core.spi.StoreKey;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a MinIO/S3 artifact store keeps its objects and how it talks to the server. Build one with
 * {@link #builder()}, or from a root URI and the standard environment variables with {@link
 * MinioStores#configFromEnvironment}.
 *
 * @param endpoint the server, {@code http(s)://host:port}
 * @param region the bucket's region; empty lets the client ask the server once
 * @param bucket the bucket
 * @param rootPrefix the key prefix every object of the store lives under: empty, or ending in {@code /}
 * @param credentials the keys requests are signed with
 * @param createBucket whether the store creates the bucket when it does not exist
 * @param caCertificate PEM file of the CA(s) to trust for HTTPS instead of the JVM's defaults
 * @param partSize bytes per part of a multipart upload, and the largest object put in one request
 * @param retry how transient failures are retried
 * @param circuitBreaker when the store stops calling a failing server for a while
 * @param connectTimeout how long to wait for a connection
 * @param socketTimeout how long a read or write may wait for the server
 */
public record MinioStoreConfig(
    URI endpoint,
    Optional<String> region,
    String bucket,
    String rootPrefix,
    S3Credentials credentials,
    boolean createBucket,
    Optional<Path> caCertificate,
    long partSize,
    RetrySettings retry,
    BreakerSettings circuitBreaker,
    Duration connectTimeout,
    Duration socketTimeout) {

  /** Smallest part S3 accepts (except the last). */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  /** Largest part this store holds in memory. */
  public static final long MAX_PART_SIZE = 1L << 30;

  public MinioStoreConfig {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(caCertificate, "caCertificate");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(circuitBreaker, "circuitBreaker");
    if (!("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))
        || endpoint.getHost() == null) {
      throw new IllegalArgumentException("S3 endpoint '" + endpoint + "' must be http(s)://host[:port]");
    }
    if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException("'" + bucket + "' is no valid bucket name: 3-63 characters"
          + " of a-z, 0-9, '.' and '-', starting and ending with a letter or digit");
    }
    rootPrefix = normalizePrefix(rootPrefix);
    if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
      throw new IllegalArgumentException("partSize " + partSize + " must be between "
          + MIN_PART_SIZE + " (5 MiB, the S3 minimum) and " + MAX_PART_SIZE + " (1 GiB)");
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(socketTimeout, "socketTimeout");
  }

  private static String normalizePrefix(String prefix) {
    if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
      return "";
    }
    String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
    p = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    try {
      StoreKey.check(p);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("root prefix '" + prefix + "' must be plain names separated"
          + " by single '/', e.g. 'teams/ml/sluice/': " + e.getMessage(), e);
    }
    return p + "/";
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  /** The store's root as a URI: {@code s3://bucket/prefix/}. */
  public URI rootUri() {
    return URI.create("s3://" + bucket + "/" + rootPrefix);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration, to derive a variant. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Retries of transient failures (connection refused or reset, timeouts, 5xx, SlowDown), with
   * exponential backoff.
   *
   * @param maxAttempts calls in all, the first included
   * @param initialBackoff wait before the first retry; doubles for each next one
   * @param maxBackoff the longest wait between attempts
   */
  public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public RetrySettings {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("retry maxAttempts must be at least 1, got " + maxAttempts);
      }
      requirePositive(initialBackoff, "retry initialBackoff");
      requirePositive(maxBackoff, "retry maxBackoff");
    }
  }

  /**
   * A circuit breaker over the calls to the server: when at least {@code failureRatePercent} of the
   * last {@code windowSize} calls (and at least {@code minimumCalls}) failed transiently, calls fail at
   * once for {@code waitInOpenState}, then a few trial calls decide whether to close it again.
   */
  public record BreakerSettings(
      int failureRatePercent, int windowSize, int minimumCalls, Duration waitInOpenState) {
    public BreakerSettings {
      if (failureRatePercent < 1 || failureRatePercent > 100) {
        throw new IllegalArgumentException("failureRatePercent must be 1..100, got " + failureRatePercent);
      }
      if (minimumCalls < 1 || windowSize < minimumCalls) {
        throw new IllegalArgumentException("need 1 <= minimumCalls <= windowSize, got "
            + minimumCalls + " and " + windowSize);
      }
      requirePositive(waitInOpenState, "circuit breaker waitInOpenState");
    }
  }

  /** Options for {@link MinioStoreConfig}; mutable until {@link #build()}, which copies them. */
  public static final class Builder {
    private URI endpoint;
    private Optional<String> region = Optional.empty();
    private String bucket;
    private String rootPrefix = "";
    private S3Credentials credentials;
    private boolean createBucket = true;
    private Optional<Path> caCertificate = Optional.empty();
    private long partSize = 16L * 1024 * 1024;
    private RetrySettings retry = new RetrySettings(5, Duration.ofMillis(200), Duration.ofSeconds(5));
    private BreakerSettings circuitBreaker = new BreakerSettings(50, 20, 10, Duration.ofSeconds(30));
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration socketTimeout = Duration.ofSeconds(60);

    private Builder() {}

    private Builder(MinioStoreConfig c) {
      endpoint = c.endpoint;
      region = c.region;
      bucket = c.bucket;
      rootPrefix = c.rootPrefix;
      credentials = c.credentials;
      createBucket = c.createBucket;
      caCertificate = c.caCertificate;
      partSize = c.partSize;
      retry = c.retry;
      circuitBreaker = c.circuitBreaker;
      connectTimeout = c.connectTimeout;
      socketTimeout = c.socketTimeout;
    }

    /** The server, e.g. {@code http://minio.ml.svc:9000} (required). */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    public Builder endpoint(String endpoint) {
      return endpoint(URI.create(endpoint));
    }

    /** The bucket's region (default: asked of the server once). */
    public Builder region(String region) {
      this.region = Optional.ofNullable(region).filter(r -> !r.isBlank());
      return this;
    }

    /** The bucket (required). */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /** The prefix all keys live under, e.g. {@code sluice/} (default: the bucket's root). */
    public Builder rootPrefix(String rootPrefix) {
      this.rootPrefix = rootPrefix;
      return this;
    }

    /** Static keys (required, or use {@link MinioStores#configFromEnvironment}). */
    public Builder credentials(String accessKey, String secretKey) {
      return credentials(S3Credentials.of(accessKey, secretKey));
    }

    public Builder credentials(S3Credentials credentials) {
      this.credentials = credentials;
      return this;
    }

    /** Create the bucket when it does not exist (default true). */
    public Builder createBucket(boolean createBucket) {
      this.createBucket = createBucket;
      return this;
    }

    /** Trust the CA(s) in this PEM file for HTTPS, instead of the JVM's default trust store. */
    public Builder caCertificate(Path pemFile) {
      this.caCertificate = Optional.ofNullable(pemFile);
      return this;
    }

    /** Bytes per part of a multipart upload (default 16 MiB; 5 MiB to 1 GiB). */
    public Builder partSize(long partSize) {
      this.partSize = partSize;
      return this;
    }

    /** Retries of transient failures (default 5 attempts, backoff from 200 ms up to 5 s). */
    public Builder retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
      this.retry = new RetrySettings(maxAttempts, initialBackoff, maxBackoff);
      return this;
    }

    /** The circuit breaker (default: opens at 50% of the last 20 calls, 10 at least; 30 s open). */
    public Builder circuitBreaker(
        int failureRatePercent, int windowSize, int minimumCalls, Duration waitInOpenState) {
      this.circuitBreaker =
          new BreakerSettings(failureRatePercent, windowSize, minimumCalls, waitInOpenState);
      return this;
    }

    /** Connect timeout (default 10 s). */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** Read/write timeout of one request (default 60 s). */
    public Builder socketTimeout(Duration socketTimeout) {
      this.socketTimeout = socketTimeout;
      return this;
    }

    /** Checks and freezes the options. */
    public MinioStoreConfig build() {
      if (endpoint == null) {
        throw new IllegalArgumentException("S3 endpoint is not set. Fix: builder.endpoint(\"http://"
            + "host:9000\") or the environment variable " + MinioStores.ENDPOINT_VARIABLE);
      }
      if (credentials == null) {
        throw new IllegalArgumentException("S3 credentials for " + endpoint + " are not set. Fix:"
            + " builder.credentials(accessKey, secretKey) or the environment variables "
            + MinioStores.ACCESS_KEY_VARIABLE + " and " + MinioStores.SECRET_KEY_VARIABLE);
      }
      return new MinioStoreConfig(endpoint, region, bucket, rootPrefix, credentials, createBucket,
          caCertificate, partSize, retry, circuitBreaker, connectTimeout, socketTimeout);
    }
  }
}
