package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.RunFailedException;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.engine.RunStatus;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.model.WorkflowSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handle of a run another engine drives (or drove), found through its run key: it reads the
 * run's journal in the shared run store, every {@link #POLL} once someone waits for it. Its first
 * record may not be there yet (the other engine claimed the key a moment ago): the run counts as
 * running until it is.
 */
final class StoredRun implements RunHandle<Object> {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.engine");
  /** How often the journal is read while someone waits. */
  static final Duration POLL = Duration.ofMillis(200);

  private final Durability durability;
  private final String runId;
  private final WorkflowSpec spec;
  private final CompletableFuture<Object> completion = new CompletableFuture<>();
  private volatile RunHistory last;
  private boolean polling;

  StoredRun(Durability durability, String runId, WorkflowSpec spec, Optional<RunHistory> known) {
    this.durability = durability;
    this.runId = runId;
    this.spec = spec;
    known.ifPresent(this::take);
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public String workflowName() {
    return spec.name();
  }

  @Override
  public Object await() {
    try {
      return completion().toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for run " + runId, e);
    } catch (ExecutionException e) {
      throw rethrow(e);
    }
  }

  @Override
  public Object await(Duration timeout) throws TimeoutException {
    try {
      return completion().toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for run " + runId, e);
    } catch (ExecutionException e) {
      throw rethrow(e);
    }
  }

  private static RuntimeException rethrow(ExecutionException e) {
    return e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
  }

  @Override
  public synchronized CompletionStage<Object> completion() {
    if (!polling && !completion.isDone()) {
      polling = true;
      poll();
    }
    return completion;
  }

  private void poll() {
    if (completion.isDone()) {
      return;
    }
    try {
      read();
    } catch (RuntimeException e) {
      log.debug("run {}: reading its journal failed, trying again: {}", runId, e.toString());
    }
    if (!completion.isDone()) {
      try {
        durability.engine.scheduler.schedule(
            () -> durability.engine.taskPool.execute(this::poll), POLL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closed) {
        completion.completeExceptionally(new IllegalStateException(
            "the engine waiting for run " + runId + " was closed; the run goes on in the engine that drives it"));
      }
    }
  }

  /** Reads the journal; completes the handle if the run ended. */
  private Optional<RunHistory> read() {
    List<JournalRecord> records = durability.store.read(runId);
    if (records.isEmpty()) {
      return Optional.empty();
    }
    RunHistory h = RunHistory.of(records);
    take(h);
    return Optional.of(h);
  }

  private void take(RunHistory h) {
    last = h;
    RunState state = h.state();
    if (!state.isTerminal() || completion.isDone()) {
      return;
    }
    if (state == RunState.SUCCEEDED) {
      try {
        completion.complete(EndedRun.of(h, durability, spec.outputType()).await());
      } catch (RuntimeException e) {
        completion.completeExceptionally(e);
      }
    } else {
      String error = h.lastUpdate().flatMap(JournalRecord.RunUpdate::error).map(e -> e.type() + ": " + e.message()).orElse("no error journaled");
      completion.completeExceptionally(new RunFailedException(
          "run " + runId + " of workflow '" + spec.name() + "' ended " + state + " (driven by engine '"
              + h.start().owner() + "'): " + error, h.status(), null));
    }
  }

  @Override
  public RunStatus status() {
    RunHistory h = isDone() ? last : read().orElse(null);
    if (h == null) {
      return new RunStatus(runId, spec.name(), RunState.RUNNING, durability.engine.clock.instant(), Optional.empty(),
          java.util.Map.of(), List.of());
    }
    return h.status();
  }

  @Override
  public boolean isDone() {
    if (completion.isDone()) {
      return true;
    }
    try {
      read();
    } catch (RuntimeException e) {
      log.debug("run {}: reading its journal failed: {}", runId, e.toString());
    }
    return completion.isDone();
  }

  /**
   * Refused: this engine does not drive the run.
   *
   * @throws UnsupportedOperationException naming the engine that drives it
   */
  @Override
  public boolean cancel() {
    if (isDone()) {
      return false;
    }
    RunHistory h = last;
    throw new UnsupportedOperationException(
        "run " + runId + " is driven by engine '" + (h == null ? "(starting)" : h.start().owner())
            + "', not this one; cancel it there (its console, or `sluice` with that engine attached)");
  }

  @Override
  public String toString() {
    return "run " + runId + " (in the run store)";
  }
}
