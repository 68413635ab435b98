package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.internal.journal.JournalWriter;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.spi.StoreException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of one run as the engine writes it: the run's first record (its start, or its
 * resumption), one record per node transition, one for its end. Records are queued, not waited
 * for, except where the outside world is involved: the run starts only once its first record is
 * stored ({@link #begin}), a remote attempt is submitted only once every record before it is stored
 * ({@link #beforeSubmitting}), and the run's end is reported only once it is stored ({@link
 * #finished}). A run whose lease was lost, whose journal another engine wrote,
 * or whose engine closed is abandoned: nothing more is written, and its remote attempts are left
 * running for whoever resumes it.
 */
final class RunJournaling {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");

  private final Run run;
  private final Durability durability;
  private final JournalWriter.RunLog journal;
  private final JournalRecord first;
  /** True on resume: restored nodes are in this journal already. False on recovery: write them. */
  private final boolean restoredAreJournaled;
  private volatile RuntimeException abandoned;
  private volatile boolean releaseLease = true;
  /** The run's part of its attempts' names ({@link AttemptNames#runPrefix}), worked out once. */
  private final String namePrefix;

  RunJournaling(
      Run run, Durability durability, JournalWriter.RunLog journal, JournalRecord first, boolean restoredAreJournaled) {
    this.run = run;
    this.durability = durability;
    this.journal = journal;
    this.first = first;
    this.restoredAreJournaled = restoredAreJournaled;
    this.namePrefix = AttemptNames.runPrefix(run.runId);
  }

  /**
   * The last time a record took and the executor a RUNNING record named: reused while they stay
   * the same (records of one millisecond, attempts of one executor), so a record allocates neither.
   * Racy on purpose: both are immutable, and a thread that misses the other's just makes its own.
   */
  private Instant lastAt = Instant.EPOCH;
  private Optional<String> lastExecutor = Optional.empty();

  private Instant now() {
    return at(run.clock.millis());
  }

  private Instant at(long millis) {
    Instant last = lastAt;
    if (last.toEpochMilli() == millis) {
      return last;
    }
    Instant now = Instant.ofEpochMilli(millis);
    lastAt = now;
    return now;
  }

  private Optional<String> executor(String name) {
    Optional<String> last = lastExecutor;
    if (last.isPresent() && last.get().equals(name)) {
      return last;
    }
    Optional<String> executor = Optional.of(name);
    lastExecutor = executor;
    return executor;
  }

  /**
   * Writes the run's first record and waits until it is stored: a run id handed back to the caller
   * always names a run the journal knows, and no task starts before.
   *
   * @throws StoreException if the run store cannot take it
   */
  void begin() {
    try {
      journal.addAndSync(first).get(2, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw new StoreException("run " + run.runId + " could not start: its journal cannot be written: "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new StoreException("run " + run.runId + " could not start: its journal took over 2 minutes to write", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while starting run " + run.runId, e);
    }
  }

  /**
   * Journals one node transition (restored nodes only where this journal lacks them). Moves to
   * QUEUED are not journaled: a resume needs only what started, failed or ended. {@code atMillis}:
   * the time the move read from the run's clock, or 0 when it read none (the record reads it then).
   */
  void nodeMoved(NodeRecord record, int attempt, NodeState to, NodeError error, long atMillis) {
    if (to == NodeState.QUEUED || abandoned != null
        || (record.restored && (restoredAreJournaled || !to.isTerminal()))) {
      return;
    }
    Optional<String> executor = Optional.empty();
    Optional<String> attemptName = Optional.empty();
    TaskRun call = record.taskRun;
    if (to == NodeState.RUNNING && call != null) {
      executor = executor(run.engine.executorName(call.task()));
      attemptName = Optional.of(durability.names.attemptName(namePrefix, record.path, call.attempt())); // = call.attemptName()
    }
    journal.add(
        new JournalRecord.NodeUpdate(
            run.runId,
            record.path,
            record.kind,
            to,
            attempt,
            executor,
            attemptName,
            to.hasOutput() ? Optional.ofNullable(record.outputJson) : Optional.empty(),
            Optional.ofNullable(error).map(e -> new NodeError(e.type(), e.message(), null)),
            atMillis != 0 ? at(atMillis) : now()));
  }

  /**
   * Journals a gate's record (it started waiting, or took a signal) or what listeners carry, unless
   * the run was abandoned.
   */
  void gate(JournalRecord record) {
    if (abandoned == null) {
      journal.add(record);
    }
  }

  /** Completes once every record queued so far is stored. */
  CompletableFuture<Void> synced() {
    return journal.sync();
  }

  /**
   * Starts a remote attempt once every record queued so far is stored, so that a crash after the
   * submission finds the attempt in the journal and re-attaches to it. Cancelling the returned
   * future cancels the attempt, unless the run was abandoned: then it is left to its next owner.
   */
  CompletableFuture<Object> beforeSubmitting(Supplier<CompletableFuture<Object>> submit) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    AtomicReference<CompletableFuture<Object>> started = new AtomicReference<>();
    journal.sync().whenComplete((ok, failed) -> {
      if (failed != null) {
        result.completeExceptionally(failed);
        return;
      }
      if (result.isDone()) {
        return;
      }
      CompletableFuture<Object> attempt;
      try {
        attempt = submit.get();
      } catch (RuntimeException e) {
        attempt = CompletableFuture.failedFuture(e);
      }
      started.set(attempt);
      attempt.whenComplete((value, error) -> {
        if (error != null) {
          result.completeExceptionally(error);
        } else {
          result.complete(value);
        }
      });
      if (result.isCancelled() && abandoned == null) {
        attempt.cancel(true);
      }
    });
    result.whenComplete((value, error) -> {
      CompletableFuture<Object> attempt = started.get();
      if (result.isCancelled() && attempt != null && abandoned == null) {
        attempt.cancel(true);
      }
    });
    return result;
  }

  /**
   * Journals the run's end and completes once that record is stored. Completes exceptionally, with
   * why, when it is not: the run was abandoned, or its end (or its output) could not be written;
   * the run then stays unfinished in the journal, and resuming it finishes it again. Releases the
   * lease either way (keeps it for its next owner when the lease was lost).
   */
  CompletableFuture<Void> finished(RunState end, Object output, NodeError error) {
    RuntimeException why = abandoned;
    if (why != null) {
      durability.forget(run, releaseLease);
      return CompletableFuture.failedFuture(why);
    }
    CompletableFuture<Optional<String>> outputJson;
    if (end != RunState.SUCCEEDED) {
      outputJson = CompletableFuture.completedFuture(Optional.empty());
    } else {
      String inline = null;
      try {
        inline = durability.encodeInline(output, Object.class);
      } catch (RuntimeException e) {
        // not JSON: the full encoding below says so
      }
      outputJson = inline != null
          ? CompletableFuture.completedFuture(Optional.of(inline)) // no store involved
          : run.engine.storeWork.async("store the output of run " + run.runId, () -> Optional.of(durability.encode(output)));
    }
    return outputJson
        .exceptionallyCompose(e -> {
          if (StoreWork.storeFault(e) != null) {
            return CompletableFuture.failedFuture(e); // the store is down: the end cannot be journaled either
          }
          log.warn("run {}: its output cannot be journaled; the journal says SUCCEEDED without it: {}", run.runId, e.toString());
          return CompletableFuture.completedFuture(Optional.empty());
        })
        .thenCompose(json -> {
          RuntimeException lost = abandoned;
          if (lost != null) {
            return CompletableFuture.failedFuture(lost);
          }
          return journal.addAndSync(
              new JournalRecord.RunUpdate(
                  run.runId, end, durability.owner, json,
                  Optional.ofNullable(error).map(e -> new NodeError(e.type(), e.message(), null)), now()));
        })
        .whenComplete((ok, failed) -> {
          if (failed != null) {
            log.error("run {}: its end ({}) could not be journaled; it stays unfinished in the journal: {}",
                run.runId, end, failed.toString());
          }
          durability.forget(run, abandoned == null || releaseLease);
        });
  }

  /**
   * Stops driving the run without ending it in the journal: its lease was lost, another engine
   * wrote its journal, or the engine closes. Nothing more is journaled; local attempts are
   * interrupted, remote ones left to whoever resumes the run; the handle fails with {@code why}.
   * {@code release}: give the lease up at once (the engine closes) rather than leave it.
   */
  void abandon(RuntimeException why, boolean release) {
    synchronized (this) {
      if (abandoned != null) {
        return;
      }
      releaseLease = release;
      abandoned = why;
    }
    journal.flush(); // what was queued before goes out now, not after the linger (the engine may be closing)
    log.warn("run {}: this engine stops driving it: {}", run.runId, why.getMessage());
    run.stop(RunState.FAILED, new NodeError("RunAbandoned", why.getMessage(), why));
  }

  boolean isAbandoned() {
    return abandoned != null;
  }
}
