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
 * It depends less on how busy a shared machine is than wall time does (cache and core sharing
 * still move it). Each round runs {@code runs} runs per engine after a warm-up of the same size;
 * prints each round, split into the journal's threads ({@code sluice-*-journal-*}), the other Java
 * threads (task pool, caller) and the rest (GC, JIT; threads that ended are missed), and the median
 * difference.
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
        Cpu a = measure(off, runs);
        Cpu e = measure(encode, runs);
        double diff = (e.process - a.process) / tasks;
        diffs.add(diff);
        System.out.printf(Locale.ROOT, "round %d: off %.2f us CPU per task, encode %.2f, difference %.2f"
                + " (engine threads %+.2f, journal threads %+.2f, the rest: GC, JIT %+.2f)%n",
            round, a.process / tasks, e.process / tasks, diff, (e.engine - a.engine) / tasks,
            (e.journal - a.journal) / tasks, (e.rest() - a.rest()) / tasks);
      }
    } finally {
      Pools.shutdown(pool);
    }
    diffs.sort(null);
    System.out.printf(Locale.ROOT, "%s (%d tasks), %d runs per round: median journaling CPU %.2f us per task%n",
        shape, tasks, runs, diffs.get(diffs.size() / 2));
  }

  /** CPU microseconds per run: the process's, the journal's threads', the engine's (pool, main). */
  private record Cpu(double process, double journal, double engine) {
    double rest() {
      return process - journal - engine;
    }
  }

  private static Cpu measure(DagRunner runner, int runs) {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long start = os.getProcessCpuTime();
    long[] threads = threadCpu();
    for (int i = 0; i < runs; i++) {
      runner.run(0);
    }
    long[] after = threadCpu();
    double per = 1_000.0 * runs;
    return new Cpu((os.getProcessCpuTime() - start) / per, (after[0] - threads[0]) / per, (after[1] - threads[1]) / per);
  }

  /** CPU nanoseconds so far of the journal's threads ({@code sluice-*-journal-*}) and of all other Java threads. */
  private static long[] threadCpu() {
    var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] ids = bean.getAllThreadIds();
    long[] cpu = bean.getThreadCpuTime(ids);
    java.lang.management.ThreadInfo[] infos = bean.getThreadInfo(ids);
    long journal = 0;
    long other = 0;
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] == null || cpu[i] < 0) {
        continue;
      }
      if (infos[i].getThreadName().contains("-journal-")) {
        journal += cpu[i];
      } else {
        other += cpu[i];
      }
    }
    return new long[] {journal, other};
  }
}
