package dev.sluice.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread hand-offs per task, which do not depend on the machine's load: every implementation of
 * each shape runs on a fixed pool of 2 wrapped in a counter of {@code execute} calls; after 2,000
 * warm-up runs, prints {@code execute} calls per task over 500 runs.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.HandOffs chain fanout lattice join map
 * </pre>
 */
public final class HandOffs {

  private HandOffs() {}

  public static void main(String[] args) throws Exception {
    ExecutorService inner = Pools.create("fixed");
    AtomicLong executes = new AtomicLong();
    ExecutorService pool =
        new AbstractExecutorService() {
          @Override
          public void execute(Runnable r) {
            executes.incrementAndGet();
            inner.execute(r);
          }

          @Override
          public void shutdown() {
            inner.shutdown();
          }

          @Override
          public List<Runnable> shutdownNow() {
            return inner.shutdownNow();
          }

          @Override
          public boolean isShutdown() {
            return inner.isShutdown();
          }

          @Override
          public boolean isTerminated() {
            return inner.isTerminated();
          }

          @Override
          public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return inner.awaitTermination(timeout, unit);
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
      Pools.shutdown(inner);
    }
  }
}
