package dev.sluice.core.spi;

import java.util.concurrent.CompletableFuture;

/**
 * Runs one attempt of a task somewhere: local threads, a Kubernetes Job, a Ray job. An executor
 * only runs attempts; the engine owns retries, timeouts and failure policy.
 */
public interface TaskExecutor extends AutoCloseable {

  /**
   * Starts the attempt without blocking. The future completes with the task's output value, or
   * exceptionally with why the attempt failed. {@code cancel(true)} on the returned future asks the
   * executor to stop the attempt (interrupt the thread, kill the process, delete the Job).
   */
  CompletableFuture<Object> start(Attempt attempt);

  /**
   * At most this many attempts run on this executor at once in one engine (0, the default: no
   * limit). The engine keeps further attempts QUEUED until one ends; none is rejected.
   */
  default int maxInFlight() {
    return 0;
  }

  /** Releases what the executor holds. Attempts still running are cancelled. */
  @Override
  default void close() {}
}
