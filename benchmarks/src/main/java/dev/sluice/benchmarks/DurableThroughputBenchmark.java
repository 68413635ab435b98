package dev.sluice.benchmarks;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Durable runs per second: {@code clients} threads each start one-task runs ({@code run()}) and wait
 * for them ({@code await()}) in a loop, on one engine whose run store is a filesystem journal in a
 * temporary folder (every append forced to disk before it is acknowledged), until {@code runs} runs
 * have ended. Prints the runs per second, the CPU time of the whole process per run (which, unlike
 * the rate, does not depend on how busy a shared machine is), and the latency of {@code run()} (until the run's first
 * record is on disk) and of {@code await()} (until its end record is), p50 / p99 / max, after a
 * warm-up of {@code runs / 4} runs that is not measured. Of the CPU, it says how much the JIT's
 * compiler threads took ({@link ThreadCpu}): thousands of runs after the start they still compile.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.DurableThroughputBenchmark [runs] [clients] [dir] [journal]
 * </pre>
 *
 * <p>{@code dir} (default: a new folder under {@code java.io.tmpdir}) decides which disk is measured;
 * its file system matters more than anything else here (fsync latency). {@code journal} is {@code
 * filesystem} (the default), {@code memory} (the object journal over an in-memory store: the
 * engine's journaling work without files) or {@code off} (no run store: the engine's own floor).
 */
public final class DurableThroughputBenchmark {

  private DurableThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // not a line per run
    }
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 8_000;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    Path parent = args.length > 2 ? Path.of(args[2]) : Path.of(System.getProperty("java.io.tmpdir"));
    String journal = args.length > 3 ? args[3] : "filesystem";
    Path dir = Files.createTempDirectory(parent, "sluice-durable-bench");
    ExecutorService pool = Pools.create("fixed");
    WorkflowSpec one = SluiceDags.chain(1).spec();
    Engine.Builder builder = Engine.builder()
        .taskPool(pool)
        .store(ArtifactStores.filesystem(dir.resolve("store")))
        .workDirectory(dir.resolve("work"));
    switch (journal) {
      case "filesystem" -> builder.runStore(RunStores.filesystem(dir.resolve("journal")));
      case "memory" -> builder.runStore(RunStores.over(ArtifactStores.inMemory()));
      case "off" -> { }
      default -> throw new IllegalArgumentException("journal must be filesystem, memory or off, not '" + journal + "'");
    }
    try (Engine engine = builder.build()) {
      Result warm = measure(engine, one, Math.max(clients, runs / 4), clients, false);
      System.out.printf(Locale.ROOT, "warm-up: %s%n", warm);
      Result r = measure(engine, one, runs, clients, true);
      System.out.printf(Locale.ROOT, "%d one-task runs, %d clients, journal %s in %s:%n%s%n", runs, clients,
          journal, dir, r);
    } finally {
      Pools.shutdown(pool);
      BenchFiles.deleteRecursively(dir);
    }
  }

  /** A daemon printing, every 10 s until interrupted, the runs started and the rate since its last line. */
  private static Thread reporter(AtomicInteger started, int runs, long t0) {
    Thread t = new Thread(() -> {
      int before = 0;
      try {
        while (true) {
          Thread.sleep(10_000); // a progress line, not a wait for work: the clients' joins end the phase
          int now = Math.min(runs, started.get());
          System.out.printf(Locale.ROOT, "  %3d s: %,d runs started, %,.0f runs/s in the last 10 s%n",
              (System.nanoTime() - t0) / 1_000_000_000L, now, (now - before) / 10.0);
          before = now;
        }
      } catch (InterruptedException done) {
        // the measured phase is over
      }
    }, "progress");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Runs per second and latencies in nanoseconds. */
  record Result(double perSecond, double cpuMillisPerRun, double jitMillisPerRun, long[] runNanos, long[] awaitNanos) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT,
          "%.0f runs/s, %.3f ms of CPU (all threads) per run, %.3f of it the JIT compiling; run() p50 %.2f ms, p99 %.2f ms,"
              + " max %.2f ms; await() p50 %.2f ms, p99 %.2f ms, max %.2f ms",
          perSecond, cpuMillisPerRun, jitMillisPerRun, pct(runNanos, 50), pct(runNanos, 99), pct(runNanos, 100),
          pct(awaitNanos, 50), pct(awaitNanos, 99), pct(awaitNanos, 100));
    }

    private static double pct(long[] sorted, double p) {
      int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
  }

  /**
   * Runs {@code runs} one-task runs from {@code clients} threads; with {@code progress}, prints the
   * rate of every 10 seconds on the way (on ext4 without a journal it falls as the inodes freed in
   * the last minutes pile up: the engine's own two deletes per run count too).
   */
  static Result measure(Engine engine, WorkflowSpec one, int runs, int clients, boolean progress)
      throws InterruptedException {
    long[] runNanos = new long[runs];
    long[] awaitNanos = new long[runs];
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    CountDownLatch start = new CountDownLatch(1);
    Thread[] threads = new Thread[clients];
    for (int c = 0; c < clients; c++) {
      threads[c] = new Thread(() -> {
        try {
          start.await();
          for (int i; (i = next.getAndIncrement()) < runs; ) {
            long t0 = System.nanoTime();
            RunHandle<Object> h = engine.run(one, (long) i, RunOptions.DEFAULT);
            long t1 = System.nanoTime();
            Object out = h.await();
            long t2 = System.nanoTime();
            if (!Long.valueOf(i + 1).equals(out)) {
              throw new IllegalStateException("run " + i + " returned " + out + ", expected " + (i + 1));
            }
            runNanos[i] = t1 - t0;
            awaitNanos[i] = t2 - t1;
          }
        } catch (Throwable e) {
          failed.compareAndSet(null, e);
        }
      }, "client-" + c);
      threads[c].start();
    }
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    ThreadCpu threads0 = ThreadCpu.sample();
    long t0 = System.nanoTime();
    start.countDown();
    Thread reporter = progress ? reporter(next, runs, t0) : null;
    for (Thread t : threads) {
      t.join();
    }
    long nanos = System.nanoTime() - t0;
    long cpu = os.getProcessCpuTime() - cpu0;
    if (reporter != null) {
      reporter.interrupt();
      reporter.join();
    }
    long jit = ThreadCpu.sample().since(threads0).jit();
    if (failed.get() != null) {
      throw new IllegalStateException("a run failed", failed.get());
    }
    Arrays.sort(runNanos);
    Arrays.sort(awaitNanos);
    return new Result(runs * 1e9 / nanos, cpu / 1e6 / runs, jit / 1e6 / runs, runNanos, awaitNanos);
  }
}
