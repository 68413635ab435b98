package dev.sluice.core.internal.trigger;

import dev.sluice.core.spi.MetricQueryException;
import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.spi.MetricSource;
import dev.sluice.core.spi.MetricSourceUnavailableException;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.SourcePolicy;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A source read through Resilience4j: retry (only when the source is unavailable) around a
 * circuit breaker around a time limiter around the read on the source executor. Waits and
 * timeouts run on the service's scheduler; the breaker's open time follows the service's clock.
 * A read never fails: failures come back as a {@link Reading} that says why.
 */
final class GuardedSource {
  private final MetricSource source;
  private final SourcePolicy policy;
  private final ScheduledExecutorService scheduler;
  private final Executor executor;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final TimeLimiter limiter;
  /** Set while a read holds a thread; a read that hangs past its timeout blocks the next ones. */
  private final AtomicBoolean busy = new AtomicBoolean();

  GuardedSource(MetricSource source, SourcePolicy policy, Clock clock, ScheduledExecutorService scheduler, Executor executor) {
    this.source = source;
    this.policy = policy;
    this.scheduler = scheduler;
    this.executor = executor;
    String name = "source-" + source.name();
    this.retry =
        Retry.of(
            name,
            RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(policy.retryWait(), 2))
                .retryOnException(e -> isUnavailable(unwrap(e)) && !(unwrap(e) instanceof CallNotPermittedException))
                .failAfterMaxAttempts(false)
                .build());
    // The state machine's own constructor takes a Clock; CircuitBreaker.of would use the system's.
    this.breaker =
        new CircuitBreakerStateMachine(
            name,
            CircuitBreakerConfig.custom()
                .slidingWindow(policy.breakerWindow(), policy.breakerWindow(), CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(policy.breakerFailureRate())
                .waitDurationInOpenState(policy.breakerOpenFor())
                .recordException(e -> isUnavailable(unwrap(e)))
                .build(),
            clock);
    this.limiter = TimeLimiter.of(name, TimeLimiterConfig.custom().timeoutDuration(policy.timeout()).cancelRunningFuture(true).build());
  }

  MetricSource source() {
    return source;
  }

  /** Reads the source as of {@code now}; completes (never exceptionally) with what it gave. */
  CompletionStage<Reading> read(Instant now) {
    AtomicInteger attempts = new AtomicInteger();
    Supplier<CompletionStage<List<MetricSample>>> call =
        () -> {
          attempts.incrementAndGet();
          return limiter.executeCompletionStage(scheduler, () -> start(now));
        };
    Supplier<CompletionStage<List<MetricSample>>> guarded =
        Retry.decorateCompletionStage(retry, scheduler, CircuitBreaker.decorateCompletionStage(breaker, call));
    CompletionStage<List<MetricSample>> stage;
    try {
      stage = guarded.get();
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    return stage.handle(
        (samples, failure) -> {
          if (failure == null) {
            return Reading.of(source.name(), samples);
          }
          Throwable cause = unwrap(failure);
          return Reading.failed(source.name(), isUnavailable(cause) ? Decision.SOURCE_UNAVAILABLE : Decision.SOURCE_ERROR, describe(cause, attempts.get()));
        });
  }

  private CompletableFuture<List<MetricSample>> start(Instant now) {
    if (!busy.compareAndSet(false, true)) {
      return CompletableFuture.failedFuture(
          new MetricSourceUnavailableException("the previous read is still running past its timeout (a hung source?)"));
    }
    SourceCall call = new SourceCall(source, now, busy);
    try {
      executor.execute(call);
    } catch (RejectedExecutionException e) {
      call.result.completeExceptionally(new MetricSourceUnavailableException("the trigger service is closing", e));
    }
    return call.result;
  }

  /** Everything but a refused query counts as the source being unavailable. */
  private static boolean isUnavailable(Throwable e) {
    return !(e instanceof MetricQueryException);
  }

  private String describe(Throwable cause, int attempts) {
    String after = attempts > 1 ? " (after " + attempts + " attempts)" : "";
    if (cause instanceof CallNotPermittedException) {
      return "circuit breaker open after repeated failures; next try within " + Durations.format(policy.breakerOpenFor());
    }
    if (cause instanceof TimeoutException) {
      return "no answer within " + Durations.format(policy.timeout()) + after;
    }
    if (cause instanceof MetricQueryException || cause instanceof MetricSourceUnavailableException) {
      return cause.getMessage() + after;
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage() + after;
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
