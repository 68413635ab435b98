package dev.sluice.core.internal.engine;

import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.StoreAccessException;
import dev.sluice.core.spi.StoreException;
import dev.sluice.core.spi.StoreFailedException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the engine's own work with the artifact store is retried: storing a node's
 * output and artifacts for the journal and the cache, and staging remote attempts. Each piece of
 * work is idempotent (blobs are content-addressed, keys are rewritten whole), so it is run again as
 * a whole through a Resilience4j {@link Retry} with the engine's store retry policy, separately
 * from the task's retries, on transient store failures only ({@link #isTransient}). Waits run on the
 * engine's scheduler and work on its pool: no engine thread sleeps. Work that still fails ends as a
 * {@link StoreFailedException} naming what the engine was doing; failures that are not the store's
 * (a value Jackson cannot write) pass through as they are.
 */
final class StoreWork {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.store");

  private final RetryPolicy policy;
  private final Retry retry;
  private final ScheduledExecutorService scheduler;
  private final Executor pool;

  StoreWork(RetryPolicy policy, ScheduledExecutorService scheduler, Executor pool) {
    this.policy = policy;
    this.scheduler = scheduler;
    this.pool = pool;
    this.retry =
        Retry.of(
            "sluice-store",
            RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .intervalFunction(n -> Math.max(1, policy.backoff(n).toMillis()))
                .retryOnException(StoreWork::isTransient)
                .build());
  }

  /** The store failure behind {@code t} (wrapped by Jackson, a future…), or null. */
  static StoreException storeFault(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof StoreException s) {
        return s;
      }
    }
    return null;
  }

  /**
   * Whether another try may succeed: a store failure that is neither a missing object, a refusal
   * (credentials, permissions) nor work this engine already gave up on.
   */
  static boolean isTransient(Throwable t) {
    StoreException s = storeFault(t);
    return s != null
        && !(s instanceof ObjectNotFoundException)
        && !(s instanceof StoreAccessException)
        && !(s instanceof StoreFailedException);
  }

  /** Runs {@code work} on the pool, retrying transient store failures; see the class comment. */
  <T> CompletableFuture<T> async(String what, Supplier<T> work) {
    AtomicInteger tries = new AtomicInteger();
    Supplier<CompletionStage<T>> once = () -> {
      try {
        return CompletableFuture.supplyAsync(() -> attempt(what, work, tries), pool);
      } catch (RejectedExecutionException e) { // the engine is closing
        return CompletableFuture.failedFuture(e);
      }
    };
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletionStage<T> retried;
    try {
      retried = retry.executeCompletionStage(scheduler, once);
    } catch (RejectedExecutionException e) {
      retried = CompletableFuture.failedFuture(e);
    }
    retried.whenComplete((value, failure) -> {
      if (failure == null) {
        result.complete(value);
      } else {
        result.completeExceptionally(failed(what, unwrap(failure), tries.get()));
      }
    });
    return result;
  }

  /** {@link #async} for a caller that must wait (an executor staging an attempt on its own thread). */
  <T> T call(String what, Supplier<T> work) {
    AtomicInteger tries = new AtomicInteger();
    try {
      return Retry.decorateSupplier(retry, () -> attempt(what, work, tries)).get();
    } catch (RuntimeException e) {
      throw failed(what, e, tries.get());
    }
  }

  private <T> T attempt(String what, Supplier<T> work, AtomicInteger tries) {
    int n = tries.incrementAndGet();
    try {
      return work.get();
    } catch (RuntimeException e) {
      if (isTransient(e) && n < policy.maxAttempts()) {
        log.warn("{}: the store failed (try {} of {}), trying again in about {} ms: {}",
            what, n, policy.maxAttempts(), policy.backoff(n).toMillis(), storeFault(e).getMessage());
      }
      throw e;
    }
  }

  /** What a failure that outlasted the retries becomes: a store failure as such, anything else as is. */
  private static RuntimeException failed(String what, Throwable cause, int tries) {
    StoreException fault = storeFault(cause);
    if (fault == null) {
      return cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }
    if (fault instanceof StoreFailedException || fault instanceof ObjectNotFoundException) {
      return fault; // given up on already, or an object that is not there: a fact, not a failure to retry
    }
    return new StoreFailedException(
        "could not " + what + ": the store failed " + (tries == 1 ? "once" : tries + " times")
            + (isTransient(fault) ? " (retried with the engine's store retry policy)" : "") + ": "
            + fault.getMessage(), fault, tries);
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
