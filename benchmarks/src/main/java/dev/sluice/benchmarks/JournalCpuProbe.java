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
 * prints each round, split by the kind of thread (see {@link Cpu}), and the median difference, with
 * and without the JIT compiler's threads.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.JournalCpuProbe [shape] [runs] [rounds] [encode]
 * </pre>
 *
 * <p>With a fourth argument {@code encode} or {@code off} it runs that engine only, round after round:
 * to profile it with JFR without the other's samples in between, and to see its cost in a process
 * whose JIT compiled for it alone (two engines taking turns keep the JIT recompiling).
 *
 * <p>{@code -Dsluice.probe.threads=1} runs the task pool with one thread instead of {@link
 * Pools#THREADS}: the lattice's two pool threads then never run tasks of one run at the same time,
 * whose cross-core traffic moves its engine's cost by ±0.5 µs a task from round to round (in both
 * engines), so a change to the journal's own work shows through.
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
    ExecutorService pool = Pools.create("fixed", Integer.getInteger("sluice.probe.threads", Pools.THREADS));
    UnaryOperator<Engine.Builder> base = b -> b.store(ArtifactStores.filesystem(dir.resolve("store")))
        .workDirectory(dir.resolve("work"));
    List<Double> diffs = new ArrayList<>();
    List<Double> steadyDiffs = new ArrayList<>();
    try (DagRunner off = SluiceDags.runner(shape, pool, base);
        DagRunner encode = SluiceDags.runner(shape, pool,
            b -> base.apply(b).runStore(DefaultRunStore.encodingOnly(ArtifactStores.inMemory())))) {
      if (args.length > 3) {
        DagRunner only = switch (args[3]) {
          case "encode" -> encode;
          case "off" -> off;
          default -> throw new IllegalArgumentException("the fourth argument is 'encode' or 'off', got " + args[3]);
        };
        for (int round = 1; round <= rounds; round++) {
          Cpu c = measure(only, runs);
          System.out.printf(Locale.ROOT, "round %d: %s %.2f us CPU per task (engine threads %.2f, journal threads"
                  + " %.2f, JIT compiling %.2f, GC threads %.2f); without the JIT %.2f%n", round, args[3],
              c.process / tasks, c.engine / tasks, c.journal / tasks, c.jit / tasks, c.gc / tasks, (c.process - c.jit) / tasks);
        }
        return;
      }
      for (int i = 0; i < WARM_UP_ROUNDS; i++) {
        measure(off, runs);
        measure(encode, runs);
      }
      for (int round = 1; round <= rounds; round++) {
        Cpu a = measure(off, runs);
        Cpu e = measure(encode, runs);
        double diff = (e.process - a.process) / tasks;
        double steady = (e.process - e.jit - (a.process - a.jit)) / tasks;
        diffs.add(diff);
        steadyDiffs.add(steady);
        System.out.printf(Locale.ROOT, "round %d: off %.2f us CPU per task, encode %.2f, difference %.2f"
                + " (engine threads %+.2f, journal threads %+.2f, JIT compiling %+.2f, GC threads %+.2f, the rest %+.2f);"
                + " without the JIT %.2f%n",
            round, a.process / tasks, e.process / tasks, diff, (e.engine - a.engine) / tasks,
            (e.journal - a.journal) / tasks, (e.jit - a.jit) / tasks, (e.gc - a.gc) / tasks, (e.rest() - a.rest()) / tasks, steady);
      }
    } finally {
      Pools.shutdown(pool);
    }
    diffs.sort(null);
    steadyDiffs.sort(null);
    System.out.printf(Locale.ROOT, "%s (%d tasks), %d runs per round: median journaling CPU %.2f us per task,"
            + " %.2f without the JIT's compiling%n",
        shape, tasks, runs, diffs.get(diffs.size() / 2), steadyDiffs.get(steadyDiffs.size() / 2));
  }

  /** Rounds of each engine run and thrown away before measuring, so that most compiling is over. */
  private static final int WARM_UP_ROUNDS = 3;

  /**
   * CPU microseconds per run: the process's, and of its threads by kind ({@link ThreadCpu}: the
   * journal's, the engine's, the JIT compiler's, the collector's). The JIT still compiles rounds
   * after the start (per-run code reaches C2 only after thousands of runs): a one-time cost that
   * lands in whichever round it happens to. Threads that ended during a round are counted only in
   * the process's total.
   */
  private record Cpu(double process, double journal, double engine, double jit, double gc) {
    double rest() {
      return process - journal - engine - jit - gc;
    }
  }

  private static Cpu measure(DagRunner runner, int runs) {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long start = os.getProcessCpuTime();
    ThreadCpu before = ThreadCpu.sample();
    for (int i = 0; i < runs; i++) {
      runner.run(0);
    }
    ThreadCpu spent = ThreadCpu.sample().since(before);
    double per = 1_000.0 * runs;
    return new Cpu((os.getProcessCpuTime() - start) / per, spent.journal() / per, spent.other() / per,
        spent.jit() / per, spent.gc() / per);
  }
}
