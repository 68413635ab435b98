package dev.sluice.core.internal.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Attempts that became ready together, handed to the pool as one runnable submitted once per
 * thread that could run them ({@link #threadsOf}), so that a layer of ten tasks costs the pool's
 * queue two hand-offs on two threads instead of ten.
 *
 * <p>The attempts are cut into one contiguous range per copy. The thread that runs a copy claims
 * the attempts of its own range one at a time, from the front; once its range is empty it takes
 * half of what is left of the fullest other range, from the back, and carries on with that. So two
 * threads on one batch work on attempts far apart (their tasks' records, results and counters do
 * not share cache lines, and a claim touches only the claimer's own range word), and a slow
 * attempt holds up nothing: what its thread has not started yet stays in its range, where any
 * other thread on the batch takes it. A copy leaves only when every range is empty.
 */
final class Batch implements Runnable {
  private static final VarHandle JOINED;
  private static final VarHandle MOVES;

  static {
    try {
      JOINED = MethodHandles.lookup().findVarHandle(Batch.class, "joined", int.class);
      MOVES = MethodHandles.lookup().findVarHandle(Batch.class, "moves", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Longs between two range words of a large batch: 64 bytes, never on one cache line. */
  private static final int PADDED = 8;

  /**
   * Attempts from which a batch's range words get a cache line each: a small batch (a lattice's
   * layer) is over in a few claims, and its tasks share their join counter anyway.
   */
  private static final int PAD_FROM = 64;

  /**
   * Above this many copies (an executor of unknown size gets one per attempt) all share one range,
   * claimed from the front: a thief's scan of every range would cost more than it saves.
   */
  private static final int MAX_RANGES = 64;

  private static final long EMPTY = 0L;

  private final LocalAttempt[] attempts;
  private final Executor pool;

  /**
   * Per range {@code k}, at {@code (k + 1) * stride}: its unclaimed attempts, front in the high
   * half, end in the low.
   */
  private final AtomicLongArray ranges;

  /** Longs from one range word to the next. */
  private final int stride;

  /** Ranges: one per copy, or one for all. */
  private final int rangeCount;

  /** Copies started so far: the next one owns range {@code joined} (modulo the ranges). */
  private volatile int joined;

  /**
   * Chunks being moved from a range to the thief's own (low half: moves under way) and moves done
   * (high half), so that a copy does not leave while a chunk is in neither range.
   */
  private volatile long moves;

  Batch(LocalAttempt[] attempts, Executor pool, int copies) {
    this.attempts = attempts;
    this.pool = pool;
    this.rangeCount = copies <= MAX_RANGES ? copies : 1;
    int n = attempts.length;
    this.stride = n >= PAD_FROM ? PADDED : 1;
    this.ranges = new AtomicLongArray((rangeCount + 2) * stride);
    for (int k = 0; k < this.rangeCount; k++) {
      int front = (int) ((long) n * k / rangeCount);
      int end = (int) ((long) n * (k + 1) / rangeCount);
      ranges.set((k + 1) * stride, range(front, end));
    }
  }

  /**
   * How many threads of {@code pool} could run attempts at once: a thread pool's maximum size, a
   * fork-join pool's parallelism; for any other executor one copy per attempt (no batching).
   */
  static int threadsOf(Executor pool) {
    if (pool instanceof ThreadPoolExecutor tpe) {
      return Math.max(1, tpe.getMaximumPoolSize());
    }
    if (pool instanceof ForkJoinPool fjp) {
      return Math.max(1, fjp.getParallelism());
    }
    return Integer.MAX_VALUE;
  }

  @Override
  public void run() {
    int mine = ((int) JOINED.getAndAdd(this, 1) % rangeCount + 1) * stride;
    for (int i = next(mine); i >= 0; i = next(mine)) {
      LocalAttempt attempt = attempts[i];
      attempts[i] = null; // claimed once: let it go as soon as it has run
      Trampoline.run(attempt, pool);
    }
  }

  /** The next attempt for the copy whose range word is at {@code mine}; -1 when none is left. */
  private int next(int mine) {
    for (int spins = 0; ; ) {
      int i = claimFront(mine);
      if (i >= 0) {
        return i;
      }
      long before = moves;
      int stolen = steal(mine);
      if (stolen >= 0) {
        return stolen;
      }
      if ((int) before == 0 && allEmpty() && moves == before) {
        return -1; // no chunk was on its way while every range was seen empty
      }
      // another copy is moving a chunk (a few instructions): look again; yield if it was preempted
      if (++spins % 64 == 0) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
    }
  }

  /** Claims the front of range word {@code at}; -1 if it is empty. */
  private int claimFront(int at) {
    while (true) {
      long r = ranges.get(at);
      int front = front(r);
      if (front >= end(r)) {
        return -1;
      }
      if (ranges.compareAndSet(at, r, range(front + 1, end(r)))) {
        return front;
      }
    }
  }

  /**
   * Takes the back half of the fullest other range: runs its first attempt now and puts the rest
   * in this copy's own range (empty, so no other copy writes it), where others can take it back.
   * -1 if every other range is empty.
   */
  private int steal(int mine) {
    while (true) {
      int victim = -1;
      int most = 0;
      for (int k = 1; k <= rangeCount; k++) {
        int at = k * stride;
        if (at == mine) {
          continue;
        }
        long r = ranges.get(at);
        int left = end(r) - front(r);
        if (left > most) {
          most = left;
          victim = at;
        }
      }
      if (victim < 0) {
        return -1;
      }
      long r = ranges.get(victim);
      int front = front(r);
      int end = end(r);
      if (front >= end) {
        continue;
      }
      int from = end - Math.max(1, (end - front) / 2); // the back half, at least one
      if (from + 1 == end) {
        if (ranges.compareAndSet(victim, r, range(front, from))) {
          return from; // one attempt: nothing to carry over
        }
        continue;
      }
      MOVES.getAndAdd(this, 1L);
      try {
        if (ranges.compareAndSet(victim, r, range(front, from))) {
          ranges.set(mine, range(from + 1, end));
          return from;
        }
      } finally {
        MOVES.getAndAdd(this, (1L << 32) - 1); // one more done, one fewer under way
      }
    }
  }

  private boolean allEmpty() {
    for (int k = 1; k <= rangeCount; k++) {
      long r = ranges.get(k * stride);
      if (front(r) < end(r)) {
        return false;
      }
    }
    return true;
  }

  /** The pool refused every copy: fails the attempts no copy has claimed, which would never run. */
  void refuseUnclaimed(RejectedExecutionException why) {
    for (int k = 1; k <= rangeCount; k++) {
      long r = ranges.getAndSet(k * stride, EMPTY);
      for (int i = front(r); i < end(r); i++) {
        attempts[i].refuse(why);
      }
    }
  }

  private static long range(int front, int end) {
    return ((long) front << 32) | (end & 0xFFFF_FFFFL);
  }

  private static int front(long range) {
    return (int) (range >>> 32);
  }

  private static int end(long range) {
    return (int) range;
  }
}
