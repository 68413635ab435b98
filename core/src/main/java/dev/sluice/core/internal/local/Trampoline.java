package dev.sluice.core.internal.local;

import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Lets a pool thread that is finishing an attempt run the next ready attempt itself, instead of
 * handing it to the pool: a chain of tasks then runs on one thread with no queue hand-off per
 * task. The first attempt started while an attempt's completion is being handled is kept; the
 * others started by the same completion (the next layer of a lattice, the items of a fan-out) go
 * to the pool together when the completion is over, as one {@link Batch} that as many pool
 * threads as could run them claim from — a few queue hand-offs instead of one per attempt, so
 * fan-outs stay parallel. Never active while task code runs, so a task that starts and awaits a
 * nested run cannot deadlock on it. A loop, not recursion.
 */
final class Trampoline {
  private static final ThreadLocal<Trampoline> CURRENT = ThreadLocal.withInitial(Trampoline::new);
  private static final LocalAttempt[] NONE = new LocalAttempt[0];

  private Executor completingFor;
  private LocalAttempt next;

  /** Attempts started after {@link #next} by the completion being handled; {@link #held} of them. */
  private LocalAttempt[] later = NONE;

  private int held;

  /**
   * Keeps {@code attempt} to run on this thread or to hand to the pool with its siblings when the
   * completion being handled is over, if that is allowed now; false otherwise (the caller hands it
   * to the pool itself).
   */
  static boolean offer(LocalAttempt attempt, Executor pool) {
    Trampoline t = CURRENT.get();
    if (t.completingFor != pool) {
      return false;
    }
    if (t.next == null) {
      t.next = attempt;
    } else {
      if (t.held == t.later.length) {
        t.later = Arrays.copyOf(t.later, Math.max(8, t.held * 2));
      }
      t.later[t.held++] = attempt;
    }
    return true;
  }

  /**
   * Runs {@code action} with the trampoline off: for completing what user code may hook into (a
   * run's completion stage), which must not find its own attempts parked behind it.
   */
  static void suspended(Runnable action) {
    Trampoline t = CURRENT.get();
    Executor outer = t.completingFor;
    t.completingFor = null;
    try {
      action.run();
    } finally {
      t.completingFor = outer;
    }
  }

  /**
   * Runs {@code action} — engine work that ends a task, handed to {@code pool} — as the end of an
   * attempt is handled: the attempts it starts are kept and handed over as {@link #run} does, then
   * the first of them runs here.
   */
  static void completing(Executor pool, Runnable action) {
    Trampoline t = CURRENT.get();
    Executor outer = t.completingFor;
    if (outer != null) {
      // already inside a completion on this thread: for this pool that one hands over what the
      // action starts; for another pool its attempts are refused here and go to their pool
      action.run();
      return;
    }
    t.complete(pool, null, action);
    LocalAttempt first = t.next;
    t.next = null;
    if (first != null) {
      run(first, pool);
    }
  }

  /** Runs {@code first}, then every attempt kept while completing the previous one. */
  static void run(LocalAttempt first, Executor pool) {
    Trampoline t = CURRENT.get();
    LocalAttempt current = first;
    while (current != null) {
      if (current.invoke()) {
        t.complete(pool, current, null);
      }
      current = t.next;
      t.next = null;
    }
  }

  /**
   * Handles one completion on this thread — {@code attempt}'s end, or else {@code action} — with
   * the attempts it starts kept, then hands over those after the first. (The attempt is passed
   * apart from the action so that the hot path allocates no lambda per task.)
   */
  private void complete(Executor pool, LocalAttempt attempt, Runnable action) {
    Executor outer = completingFor;
    completingFor = pool;
    try {
      if (attempt != null) {
        attempt.finish();
      } else {
        action.run();
      }
    } finally {
      completingFor = outer;
      handOverLater(pool);
    }
  }

  /** Gives the attempts held after {@link #next} to the pool: one, or a batch for several threads. */
  private void handOverLater(Executor pool) {
    int n = held;
    if (n == 0) {
      return;
    }
    held = 0;
    if (n == 1) {
      LocalAttempt only = later[0];
      later[0] = null;
      try {
        pool.execute(only);
      } catch (RejectedExecutionException e) {
        only.refuse(e);
      }
      return;
    }
    int copies = Math.min(n, Batch.threadsOf(pool));
    Batch batch = new Batch(Arrays.copyOf(later, n), pool, copies);
    Arrays.fill(later, 0, n, null);
    for (int i = 0; i < copies; i++) {
      try {
        pool.execute(batch);
      } catch (RejectedExecutionException e) {
        if (i == 0) {
          batch.refuseUnclaimed(e); // no thread will ever claim them
        }
        return;
      }
    }
  }
}
