package dev.sluice.benchmarks;

import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread hand-offs per task, which do not depend on the machine's load: every implementation of
 * each shape runs on a fixed pool of 2 that counts its {@code execute} calls; after 2,000
 * warm-up runs, prints {@code execute} calls per task over 500 runs.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.HandOffs chain fanout lattice join map
 * </pre>
 */
public final class HandOffs {

  private HandOffs() {}

  public static void main(String[] args) throws Exception {
    AtomicLong executes = new AtomicLong();
    // A ThreadPoolExecutor itself (what Executors.newFixedThreadPool returns), so that the engine
    // sees the pool's size as it does in the benchmarks, counting execute calls.
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(Pools.THREADS, Pools.THREADS, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>()) {
          @Override
          public void execute(Runnable r) {
            executes.incrementAndGet();
            super.execute(r);
          }
        };
    String[] shapes = args.length > 0 ? args : new String[] {"chain", "fanout", "lattice", "join", "map"};
    try {
      for (String shape : shapes) {
        for (String impl : new String[] {"sluice", "completableFuture", "counterScheduler"}) {
          try (DagRunner runner = DagRunner.create(impl, shape, pool)) {
            for (int i = 0; i < 2000; i++) {
              runner.run(0);
            }
            executes.set(0);
            int runs = 500;
            for (int i = 0; i < runs; i++) {
              runner.run(0);
            }
            System.out.printf(
                Locale.ROOT, "%s %s: %.3f pool.execute per task%n", shape, impl, executes.get() / (double) runs / runner.taskCount());
          }
        }
      }
    } finally {
      Pools.shutdown(pool);
    }
  }
}
