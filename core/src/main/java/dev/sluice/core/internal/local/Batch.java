package dev.sluice.core.internal.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Attempts that became ready together, handed to the pool as one runnable submitted once per
 * thread that could run them ({@link #threadsOf}): each copy claims attempts by index until none
 * is left, so a layer of ten tasks costs the pool's queue two hand-offs on two threads instead of
 * ten, and a slow attempt holds up only the copy that claimed it — the other copies claim the rest.
 */
final class Batch implements Runnable {
  private static final VarHandle CLAIMED;

  static {
    try {
      CLAIMED = MethodHandles.lookup().findVarHandle(Batch.class, "claimed", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final LocalAttempt[] attempts;
  private final Executor pool;

  /** Attempts claimed so far (may run past their number: a claim beyond the last finds none). */
  private volatile int claimed;

  Batch(LocalAttempt[] attempts, Executor pool) {
    this.attempts = attempts;
    this.pool = pool;
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
    for (int i = (int) CLAIMED.getAndAdd(this, 1); i < attempts.length; i = (int) CLAIMED.getAndAdd(this, 1)) {
      LocalAttempt attempt = attempts[i];
      attempts[i] = null; // claimed once: let it go as soon as it has run
      Trampoline.run(attempt, pool);
    }
  }

  /** The pool refused every copy: fails the attempts no copy has claimed, which would never run. */
  void refuseUnclaimed(RejectedExecutionException why) {
    for (int i = (int) CLAIMED.getAndAdd(this, attempts.length); i < attempts.length; i++) {
      attempts[i].refuse(why);
    }
  }
}
