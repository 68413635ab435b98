package dev.sluice.core.engine;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * A running (or finished) workflow run: wait for its output, read its status, cancel it.
 *
 * @param <O> the workflow's output type
 */
public interface RunHandle<O> {

  /** Unique, stable id of the run. */
  String runId();

  String workflowName();

  /**
   * Waits for the run to end and returns its output.
   *
   * @throws RunFailedException if the run failed or was cancelled
   */
  O await();

  /**
   * Waits at most {@code timeout}.
   *
   * @throws TimeoutException if the run is still going after {@code timeout} (it keeps running)
   * @throws RunFailedException if the run failed or was cancelled
   */
  O await(Duration timeout) throws TimeoutException;

  /** Completes with the output, or exceptionally with a {@link RunFailedException}. */
  CompletionStage<O> completion();

  /** A snapshot of the run and every node. */
  RunStatus status();

  /** Whether the run has ended. */
  boolean isDone();

  /**
   * Cancels the run: running attempts are stopped, pending nodes are CANCELLED, {@link #await()}
   * throws. Returns false if the run had already ended.
   */
  boolean cancel();
}
