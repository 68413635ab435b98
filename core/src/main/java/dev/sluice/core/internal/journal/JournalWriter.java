package dev.sluice.core.internal.journal;

import dev.sluice.core.journal.JournalConflictException;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.spi.StoreException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends an engine's journal records with group commit: records are queued per run without
 * blocking, and one drain per run at a time appends everything queued as one batch (one fsync or
 * one object), so a busy run pays one write for many transitions. The drain does not wait for the
 * disk ({@link RunStore#appendAsync}): the filesystem store forces many runs' batches together. {@link RunLog#sync()} is the
 * barrier the engine waits on where order with the outside world matters (before a remote attempt
 * is submitted, before a run's end is reported). A failing store is tried again with the engine's
 * store retry policy; a journal that stays unwritable, or another engine writing the same run, is reported once.
 */
public final class JournalWriter {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");
  private static final int MAX_BATCH = 512;

  /** Told when a run's journal can no longer be written. */
  public interface Failure {
    void failed(String runId, RuntimeException why);
  }

  private final RunStore store;
  private final Executor io;
  private final RetryPolicy retry;
  private final LongConsumer pause;
  private final Failure onFailure;

  /**
   * A writer that tries a failed append again as {@code retry} says (the engine's store retry
   * policy, so a journal outlasts the same store outage as the engine's other store work). An
   * append is idempotent (a retried batch already stored is recognised, not appended twice).
   */
  public JournalWriter(RunStore store, Executor io, RetryPolicy retry, Failure onFailure) {
    this(store, io, retry, millis -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis)), onFailure);
  }

  /** With {@code pause} waiting out a backoff (tests pass one on a fake clock). */
  JournalWriter(RunStore store, Executor io, RetryPolicy retry, LongConsumer pause, Failure onFailure) {
    this.store = Objects.requireNonNull(store, "store");
    this.io = Objects.requireNonNull(io, "io");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.pause = Objects.requireNonNull(pause, "pause");
    this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
  }

  private static RuntimeException unwrap(Throwable e) {
    Throwable cause = e;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof RuntimeException r ? r : new StoreException(cause.toString(), cause);
  }

  /** The log of one run whose journal already holds {@code known} records (0 for a new run). */
  public RunLog open(String runId, long known) {
    return new RunLog(runId, known);
  }

  /** One run's queue of records on their way to the store. */
  public final class RunLog {
    private record Waiter(long target, CompletableFuture<Void> done) {}

    private final String runId;
    private final Queue<JournalRecord> queue = new ConcurrentLinkedQueue<>();
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong added = new AtomicLong();
    private final long base;
    /** Records of this log written so far; only the drain moves it. */
    private volatile long durable;
    private volatile RuntimeException failure;

    private RunLog(String runId, long known) {
      this.runId = runId;
      this.base = known;
    }

    /** Queues a record; never blocks. Records are written in the order added. */
    public void add(JournalRecord record) {
      if (failure != null) {
        return;
      }
      added.incrementAndGet();
      queue.add(record);
      if (draining.compareAndSet(false, true)) {
        io.execute(this::drain);
      }
    }

    /** Completes when every record added before this call is in the store, or fails with why not. */
    public CompletableFuture<Void> sync() {
      long target = added.get();
      RuntimeException failed = failure;
      if (failed != null) {
        return CompletableFuture.failedFuture(failed);
      }
      if (durable >= target) {
        return CompletableFuture.completedFuture(null);
      }
      Waiter w = new Waiter(target, new CompletableFuture<>());
      waiters.add(w);
      release();
      return w.done();
    }

    /** Whether writing failed for good. */
    public boolean failed() {
      return failure != null;
    }

    /**
     * Takes the next batch and appends it without waiting for the disk: the store's future (its
     * group commit) calls back here, so an I/O thread is never parked on an fsync and a few of them
     * keep many runs' appends in flight. One batch of a run at a time, in order.
     */
    private void drain() {
      while (true) {
        List<JournalRecord> batch = new ArrayList<>();
        for (JournalRecord r; batch.size() < MAX_BATCH && (r = queue.poll()) != null; ) {
          batch.add(r);
        }
        if (batch.isEmpty()) {
          draining.set(false);
          if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
            return;
          }
          continue;
        }
        if (failure != null) {
          release();
          continue;
        }
        write(batch, 1).whenComplete((ok, e) -> {
          if (e == null) {
            durable += batch.size();
          } else {
            RuntimeException why = unwrap(e);
            failure = why;
            queue.clear();
            log.error("run {}: its journal cannot be written; the run stops: {}", runId, why.getMessage());
            onFailure.failed(runId, why);
          }
          release();
          try {
            io.execute(this::drain);
          } catch (RejectedExecutionException closing) {
            drain(); // the engine is closing: write what is queued on this thread
          }
        });
        return;
      }
    }

    /** Appends the batch, trying again after a backoff (waited out on an I/O thread) while tries remain. */
    private CompletableFuture<Void> write(List<JournalRecord> batch, int attempt) {
      CompletableFuture<Void> appended;
      try {
        appended = store.appendAsync(runId, base + durable, batch);
      } catch (RuntimeException e) {
        appended = CompletableFuture.failedFuture(e);
      }
      return appended.exceptionallyCompose(failed -> {
        RuntimeException e = unwrap(failed);
        int tries = retry.maxAttempts();
        if (e instanceof JournalConflictException || attempt >= tries) {
          return CompletableFuture.failedFuture(e);
        }
        long delayMillis = Math.max(1, retry.backoff(attempt).toMillis());
        log.warn("run {}: appending {} journal record(s) failed (try {} of {}), trying again in {} ms: {}",
            runId, batch.size(), attempt, tries, delayMillis, e.toString());
        // a dedicated I/O thread waits out the backoff; engine threads never do
        return CompletableFuture.runAsync(() -> pause.accept(delayMillis), io)
            .thenCompose(v -> write(batch, attempt + 1));
      });
    }

    /** Completes the waiters whose records are written (or fails them all). */
    private void release() {
      RuntimeException failed = failure;
      long done = durable;
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (failed != null) {
          w.done().completeExceptionally(failed);
          it.remove();
        } else if (w.target() <= done) {
          w.done().complete(null);
          it.remove();
        }
      }
    }

    /** How many records the run's journal holds once everything queued is written. */
    public long position() {
      return base + added.get();
    }
  }
}
