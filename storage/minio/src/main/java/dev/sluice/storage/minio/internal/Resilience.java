package dev.sluice.storage.minio.internal;

import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.StoreAccessException;
import dev.sluice.core.spi.StoreException;
import dev.sluice.core.spi.StoreUnavailableException;
import dev.sluice.storage.minio.MinioStoreConfig;
import dev.sluice.storage.minio.MinioStores;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every call to the server through a Resilience4j retry (exponential backoff, transient
 * failures only) around a circuit breaker (which counts transient failures only), and turns what
 * still fails into the store exceptions of the SPI, with messages that name endpoint, bucket, key
 * and the fix, and never a secret.
 */
final class Resilience {
  private static final Logger log = LoggerFactory.getLogger(Resilience.class);

  /** One call to the SDK. */
  @FunctionalInterface
  interface SdkCall<T> {
    T run() throws Exception;
  }

  private final MinioStoreConfig config;
  private final String where;
  private final Retry retry;
  private final CircuitBreaker breaker;

  Resilience(MinioStoreConfig config, String where) {
    this.config = config;
    this.where = where;
    MinioStoreConfig.RetrySettings r = config.retry();
    this.retry = Retry.of(where, RetryConfig.custom()
        .maxAttempts(r.maxAttempts())
        .intervalFunction(IntervalFunction.ofExponentialBackoff(r.initialBackoff(), 2.0, r.maxBackoff()))
        .retryOnException(S3Failure::isTransient)
        .build());
    MinioStoreConfig.BreakerSettings b = config.circuitBreaker();
    this.breaker = CircuitBreaker.of(where, CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(b.windowSize())
        .minimumNumberOfCalls(b.minimumCalls())
        .failureRateThreshold(b.failureRatePercent())
        .waitDurationInOpenState(b.waitInOpenState())
        .permittedNumberOfCallsInHalfOpenState(2)
        .recordException(S3Failure::isTransient)
        .build());
    retry.getEventPublisher().onRetry(e -> log.warn("{}: {}; attempt {} of {}, next in {} ms",
        where, e.getLastThrowable().getMessage(), e.getNumberOfRetryAttempts(), r.maxAttempts(),
        e.getWaitInterval().toMillis()));
    breaker.getEventPublisher().onStateTransition(e ->
        log.warn("{}: circuit breaker {}", where, e.getStateTransition()));
  }

  /**
   * Runs {@code call} (e.g. {@code "put 'runs/r-1/x'"} for {@code did}), retrying transient
   * failures; returns its result or throws a {@link StoreException}.
   */
  <T> T call(String did, SdkCall<T> call) {
    AtomicInteger attempts = new AtomicInteger();
    Callable<T> attempt = () -> {
      attempts.incrementAndGet();
      try {
        return call.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw S3Failure.of(did, e);
      } catch (Exception e) {
        throw S3Failure.of(did, e);
      }
    };
    try {
      return Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(breaker, attempt)).call();
    } catch (CallNotPermittedException e) {
      throw new StoreUnavailableException(where + ": did not " + did + ": the server failed"
          + " repeatedly, so calls are paused for " + config.circuitBreaker().waitInOpenState()
          + " (circuit breaker open); try again later", e);
    } catch (S3Failure f) {
      StoreException e = translate(did, f, attempts.get());
      if (f.kind() != S3Failure.Kind.NOT_FOUND) {
        log.debug("{}", e.getMessage());
      }
      throw e;
    } catch (Exception e) {
      throw new StoreException(where + ": " + did + " failed: " + Scrub.describe(e), Scrub.copy(e));
    }
  }

  /** The SPI exception for a failure that retrying did not cure. */
  StoreException translate(String did, S3Failure f, int attempts) {
    switch (f.kind()) {
      case NOT_FOUND:
        return new ObjectNotFoundException(where + ": " + did + ": no such object");
      case NO_BUCKET:
        return new StoreAccessException(where + ": " + did + ": bucket '" + config.bucket()
            + "' does not exist. Fix: create it, or let the store create it (createBucket(true) or "
            + MinioStores.CREATE_BUCKET_VARIABLE + "=true)", f);
      case REFUSED:
        return new StoreAccessException(where + " refused to " + did + ": " + f.reason()
            + ". Fix: check the access key '" + config.credentials().accessKey() + "' and its secret ("
            + MinioStores.ACCESS_KEY_VARIABLE + " / " + MinioStores.SECRET_KEY_VARIABLE
            + " or MinioStoreConfig credentials), the region, and that this user may use bucket '"
            + config.bucket() + "'", f);
      case TLS:
        return new StoreAccessException(where + ": TLS with the server failed (" + f.reason()
            + ") on " + did + ". Fix: trust the CA that signed the server's certificate with"
            + " caCertificate(pemFile) or " + MinioStores.CA_FILE_VARIABLE, f);
      case UNSUPPORTED:
        return new StoreException(where + ": the server does not implement what the store asked for, to "
            + did + " (" + f.reason() + "). Fix: use an S3 service that supports it (AWS S3, MinIO), or"
            + " check that the endpoint is an S3 API and not a proxy or a web server", f);
      case TRANSIENT:
        return new StoreUnavailableException(where + ": " + did + " failed " + attempts
            + (attempts == 1 ? " time: " : " times: ") + f.reason()
            + ". The server is down, overloaded or unreachable; try again later", f);
      default:
        return new StoreException(where + ": " + f.getMessage(), f);
    }
  }
}
