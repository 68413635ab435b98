package dev.sluice.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The task pool every implementation of a measurement shares: same kind, same size. */
public final class Pools {

  /** Threads of the pool: 2, the cores of the machine the reference numbers come from. */
  public static final int THREADS = 2;

  private Pools() {}

  /**
   * {@code fixed}: {@link Executors#newFixedThreadPool} (one shared blocking queue); {@code
   * forkjoin}: a {@link ForkJoinPool} of {@code THREADS} in async (FIFO) mode, configured like the
   * pool Sluice's engine creates when it is given none (per-worker deques, work stealing).
   */
  public static ExecutorService create(String kind) {
    return create(kind, THREADS);
  }

  /** {@link #create(String)} with {@code threads} threads instead of {@link #THREADS}. */
  public static ExecutorService create(String kind, int threads) {
    switch (kind) {
      case "fixed":
        {
          AtomicInteger n = new AtomicInteger();
          return Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "bench-pool-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
        }
      case "forkjoin":
        return new ForkJoinPool(threads, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
      default:
        throw new IllegalArgumentException("unknown pool '" + kind + "': fixed or forkjoin");
    }
  }

  public static void shutdown(ExecutorService pool) throws InterruptedException {
    pool.shutdownNow();
    if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("pool did not stop");
    }
  }
}
