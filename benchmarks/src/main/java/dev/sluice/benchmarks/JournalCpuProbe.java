package dev.sluice.benchmarks;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.internal.journal.DefaultRunStore;
import dev.sluice.core.store.ArtifactStores;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;

/**
 * CPU time per task of {@link JournalOverheadBenchmark}'s {@code off} and {@code encode} engines
 * (the engine's own journaling, no store cost per append), alternating, on one shape: the time of
 * the whole process (every thread: task pool, journal threads, GC, JIT) divided by the tasks run.
 * Unlike wall time it hardly depends on how busy a shared machine is. Each round runs {@code runs}
 * runs per engine after a warm-up of the same size; prints each round and the median difference.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.JournalCpuProbe [shape] [runs] [rounds]
 * </pre>
 */
public final class JournalCpuProbe {
  private JournalCpuProbe() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    String shape = args.length > 0 ? args[0] : "chain";
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path dir = Files.createTempDirectory("sluice-journal-cpu");
    long tasks = Dag.of(shape).size;
    ExecutorService pool = Pools.create("fixed");
    UnaryOperator<Engine.Builder> base = b -> b.store(ArtifactStores.filesystem(dir.resolve("store")))
        .workDirectory(dir.resolve("work"));
    List<Double> diffs = new ArrayList<>();
    try (DagRunner off = SluiceDags.runner(shape, pool, base);
        DagRunner encode = SluiceDags.runner(shape, pool,
            b -> base.apply(b).runStore(DefaultRunStore.encodingOnly(ArtifactStores.inMemory())))) {
      measure(off, runs);
      measure(encode, runs);
      for (int round = 1; round <= rounds; round++) {
        double a = measure(off, runs) / tasks;
        double e = measure(encode, runs) / tasks;
        diffs.add(e - a);
        System.out.printf(Locale.ROOT, "round %d: off %.2f us CPU per task, encode %.2f, difference %.2f%n",
            round, a, e, e - a);
      }
    } finally {
      Pools.shutdown(pool);
    }
    diffs.sort(null);
    System.out.printf(Locale.ROOT, "%s (%d tasks), %d runs per round: median journaling CPU %.2f us per task%n",
        shape, tasks, runs, diffs.get(diffs.size() / 2));
  }

  /** Process CPU microseconds per run over {@code runs} runs. */
  private static double measure(DagRunner runner, int runs) {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long start = os.getProcessCpuTime();
    for (int i = 0; i < runs; i++) {
      runner.run(0);
    }
    return (os.getProcessCpuTime() - start) / 1_000.0 / runs;
  }
}
