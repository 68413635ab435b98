package dev.sluice.core.internal.journal;

import dev.sluice.core.journal.JournalConflictException;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.spi.StoreException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 *
 * <p>With a linger, a run's first record after an idle moment waits that long for more before its
 * batch is taken (unless something syncs: then at once): a run whose tasks end every microsecond
 * then makes one append per linger rather than one every few tasks (a chain of 1,000 no-op tasks:
 * ~7 appends instead of ~65), so fewer fsyncs, store objects and journal-thread wake-ups.
 */
public final class JournalWriter {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");
  private static final int MAX_BATCH = 512;
  private static final JournalRecord[] NONE = {};

  /** Told when a run's journal can no longer be written. */
  public interface Failure {
    void failed(String runId, RuntimeException why);
  }

  private final RunStore store;
  private final Executor io;
  private final RetryPolicy retry;
  private final LongConsumer pause;
  private final Failure onFailure;
  private final long lingerNanos;
  /** Runs a flush once the linger is over, in real time whatever the engine's clock or scheduler. */
  private final Executor afterLinger;

  /**
   * A writer that tries a failed append again as {@code retry} says (the engine's store retry
   * policy, so a journal outlasts the same store outage as the engine's other store work). An
   * append is idempotent (a retried batch already stored is recognised, not appended twice).
   */
  public JournalWriter(RunStore store, Executor io, RetryPolicy retry, Failure onFailure) {
    this(store, io, Duration.ZERO, retry, onFailure);
  }

  /**
   * A writer whose batches wait up to {@code linger} for more records (zero: taken at once). The
   * linger is real time, timed by the JDK's delayed executor: not the engine's scheduler, which a
   * test may drive on a fake clock (records would then wait for that clock to move).
   */
  public JournalWriter(RunStore store, Executor io, Duration linger, RetryPolicy retry, Failure onFailure) {
    this(store, io, linger, retry, millis -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis)), onFailure);
  }

  /** With {@code pause} waiting out a backoff (tests pass one on a fake clock). */
  JournalWriter(RunStore store, Executor io, RetryPolicy retry, LongConsumer pause, Failure onFailure) {
    this(store, io, Duration.ZERO, retry, pause, onFailure);
  }

  private JournalWriter(RunStore store, Executor io, Duration linger, RetryPolicy retry, LongConsumer pause,
      Failure onFailure) {
    this.lingerNanos = linger.toNanos();
    if (lingerNanos < 0) {
      throw new IllegalArgumentException("the journal's linger must be >= 0, got " + linger);
    }
    this.afterLinger = CompletableFuture.delayedExecutor(lingerNanos, TimeUnit.NANOSECONDS, Runnable::run);
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
  /**
   * Runs whose journal has records queued, lingering or being written (their store's answer and
   * what it completes included): from a log's first record after an idle moment to the end of the
   * drain that finds nothing more to write.
   */
  private final AtomicInteger busy = new AtomicInteger();

  private final Object idle = new Object();

  private void busyEnded() {
    if (busy.decrementAndGet() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /**
   * Waits until no run's journal has records queued or in flight, with their callbacks done (the
   * run's end filed, its lease released), at most {@code timeout}: for closing the engine, whose
   * appends the store commits on its own threads. False if some still are.
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (busy.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
    }
    return true;
  }

  public RunLog open(String runId, long known) {
    return new RunLog(runId, known);
  }

  private static final int IDLE = 0;
  private static final int LINGERING = 1;
  private static final int DRAINING = 2;

  /** One run's queue of records on their way to the store. */
  public final class RunLog {
    private record Waiter(long target, CompletableFuture<Void> done) {}

    /**
     * A queued record; the newest first, each pointing at the one queued before it, down to a
     * mark (no record) left by the last take. {@code added} counts the records added to the log so
     * far, this one included: no counter of its own for the engine's threads to contend on.
     */
    private static final class Pending {
      final JournalRecord record;
      Pending before;
      long added;

      Pending(JournalRecord record) {
        this.record = record;
      }

      /** Where a take left the stack: nothing queued after {@code added} records. */
      static Pending mark(long added) {
        Pending mark = new Pending(null);
        mark.added = added;
        return mark;
      }
    }

    private final String runId;
    /**
     * Records queued and not yet taken, newest first: adding is one compare-and-set on this
     * reference, taking everything one swap (a queue's per-record handoff between the engine's
     * threads and the drain cost ~0.2 µs a record in cache traffic on a chain of no-op tasks).
     */
    private final AtomicReference<Pending> queued = new AtomicReference<>(Pending.mark(0));
    /**
     * Taken from {@link #queued}, oldest first, from {@link #takenFrom} on not yet appended (more than
     * {@value #MAX_BATCH} were queued); only the drain touches them. Batches are views of this array,
     * which is never written again once filled (a batch being retried still reads it).
     */
    private JournalRecord[] taken = NONE;

    private int takenFrom;
    private int takenTo;
    /** Records added before the last take's mark (the count its nodes carry); only the drain touches it. */
    private long takenAdded;
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    /** {@link #IDLE}, {@link #LINGERING} (a drain is due after the linger) or {@link #DRAINING}. */
    private final AtomicInteger state = new AtomicInteger();
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
      add(record, true);
    }

    /**
     * {@link #add} then {@link #sync}, without starting a linger that the sync would cut short (a
     * timer handed to the delayed executor's thread, which would wake for nothing once the linger
     * is over): for a run's first and last records.
     */
    public CompletableFuture<Void> addAndSync(JournalRecord record) {
      add(record, false);
      return sync();
    }

    private void add(JournalRecord record, boolean linger) {
      if (failure != null) {
        return;
      }
      Pending p = new Pending(record);
      Pending before;
      do {
        before = queued.get();
        p.before = before;
        p.added = before.added + 1;
      } while (!queued.compareAndSet(before, p));
      if (state.get() == IDLE && state.compareAndSet(IDLE, LINGERING)) {
        busy.incrementAndGet(); // ended by the drain that finds nothing more
        if (!linger || lingerNanos == 0 || !waiters.isEmpty()) {
          flush();
        } else {
          afterLinger.execute(this::flush);
        }
      }
    }

    /** Takes what is queued now rather than after the linger. */
    public void flush() {
      if (state.get() == LINGERING && state.compareAndSet(LINGERING, DRAINING)) {
        try {
          io.execute(this::drain);
        } catch (RejectedExecutionException closing) {
          drain(); // the engine is closing: write what is queued on this thread
        }
      }
    }

    /** Completes when every record added before this call is in the store, or fails with why not. */
    public CompletableFuture<Void> sync() {
      long target = queued.get().added;
      RuntimeException failed = failure;
      if (failed != null) {
        return CompletableFuture.failedFuture(failed);
      }
      if (durable >= target) {
        return CompletableFuture.completedFuture(null);
      }
      Waiter w = new Waiter(target, new CompletableFuture<>());
      waiters.add(w);
      flush();
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
        List<JournalRecord> batch = take();
        if (batch.isEmpty()) {
          state.set(IDLE);
          if (queued.get().record == null || !state.compareAndSet(IDLE, DRAINING)) {
            busyEnded(); // a record added meanwhile started a busy period of its own
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
            takenAdded = queued.getAndUpdate(p -> Pending.mark(p.added)).added; // dropped, counted in one step: nothing more is written
            taken = NONE;
            takenFrom = 0;
            takenTo = 0;
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

    /**
     * The next batch, oldest first, at most {@value #MAX_BATCH} records: what was taken before, then
     * what is queued. The queued records are walked once (the stack's nodes were made by other
     * threads: each one read is likely a cache miss), newest first, into an array of their number
     * (the newest node's count less the mark's below them) filled from its end.
     */
    private List<JournalRecord> take() {
      if (takenFrom == takenTo) {
        Pending newest;
        do {
          newest = queued.get();
        } while (newest.record != null && !queued.compareAndSet(newest, Pending.mark(newest.added)));
        int count = (int) (newest.added - takenAdded);
        JournalRecord[] records = count == 0 ? NONE : new JournalRecord[count];
        int at = count;
        for (Pending p = newest; p.record != null; p = p.before) {
          records[--at] = p.record; // exactly count of them: each node counts one more than the one below (sync relies on it too)
        }
        takenAdded = newest.added;
        taken = records;
        takenFrom = 0;
        takenTo = count;
      }
      int from = takenFrom;
      int to = Math.min(takenTo, from + MAX_BATCH);
      takenFrom = to;
      return from == to ? List.of() : Arrays.asList(taken).subList(from, to);
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
      return base + queued.get().added;
    }
  }
}
