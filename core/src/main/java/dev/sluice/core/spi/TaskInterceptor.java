package dev.sluice.core.spi;

import java.util.concurrent.CompletableFuture;

/**
 * One link in the chain every task attempt passes through on its way to its executor: stage
 * inputs, trace, replace a task's body in a test. Interceptors run in the order they were
 * registered with the engine; the last link starts the attempt on the task's executor. The engine's
 * policies (retries, timeouts, caching) stay outside the chain, so an attempt an interceptor
 * answers is still retried, timed out and cached like any other.
 *
 * <pre>{@code
 * TaskInterceptor tracing = (attempt, next) -> {
 *   log.info("starting {}", attempt.attemptName());
 *   return next.proceed(attempt);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface TaskInterceptor {

  /**
   * Handles one attempt: call {@code next.proceed(attempt)} to pass it on, or answer it yourself.
   * Must not block; cancelling the returned future must stop what it started.
   */
  CompletableFuture<Object> intercept(Attempt attempt, Chain next);

  /** The rest of the chain. */
  @FunctionalInterface
  interface Chain {
    CompletableFuture<Object> proceed(Attempt attempt);
  }
}
