package dev.sluice.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutorService;

/**
 * What a fresh JVM spends, second by second, while one implementation of one shape runs back to
 * back: runs, wall and process CPU per run, the submitting thread's CPU per run, JIT and GC time,
 * and the kernel's minor page faults per run (the first touch of a heap page). It is the tool that
 * found the cause of the engine's slow first seconds (docs/performance.md, "Warm-up: the first
 * touch of the heap"): a slow second with ~90 page faults per run and no JIT or GC work is the
 * heap being touched for the first time, not the engine's code.
 *
 * <pre>
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.WarmUp sluice lattice 14
 * java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.WarmUp sluice lattice 14
 * </pre>
 *
 * <p>Arguments: {@code impl} ({@link DagRunner#create}), {@code shape} ({@link Dag}), seconds
 * (default 14), pool ({@code fixed} or {@code forkjoin}, default {@code fixed}). Minor faults are
 * read from {@code /proc/self/stat} (Linux; {@code -} elsewhere).
 */
public final class WarmUp {

  private WarmUp() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: WarmUp <impl> <shape> [seconds=14] [pool=fixed]");
      System.exit(2);
    }
    String impl = args[0];
    String shape = args[1];
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 14;
    ExecutorService pool = Pools.create(args.length > 3 ? args[3] : "fixed");
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    System.out.printf(
        Locale.ROOT, "%s %s, %s, heap %d MB%n", impl, shape, jvmFlags(), Runtime.getRuntime().maxMemory() >> 20);
    System.out.println(" sec   runs  wall µs/run  cpu µs/run  submitter µs/run  jit ms  gc ms  faults/run");
    try (DagRunner runner = DagRunner.create(impl, shape, pool)) {
      for (int s = 1; s <= seconds; s++) {
        long cpu0 = os.getProcessCpuTime();
        long jit0 = jit.getTotalCompilationTime();
        long gc0 = gcMillis();
        long faults0 = minorFaults();
        long submitter0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long end = t0 + 1_000_000_000L;
        int runs = 0;
        while (System.nanoTime() < end) {
          runner.run(0);
          runs++;
        }
        double wall = (System.nanoTime() - t0) / 1e3 / runs;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e3 / runs;
        double submitter = (threads.getCurrentThreadCpuTime() - submitter0) / 1e3 / runs;
        long faults = minorFaults();
        System.out.printf(
            Locale.ROOT,
            "%4d %6d %12.1f %11.1f %17.1f %7d %6d %11s%n",
            s,
            runs,
            wall,
            cpu,
            submitter,
            jit.getTotalCompilationTime() - jit0,
            gcMillis() - gc0,
            faults < 0 ? "-" : String.format(Locale.ROOT, "%.1f", (faults - faults0) / (double) runs));
      }
    } finally {
      Pools.shutdown(pool);
    }
  }

  private static String jvmFlags() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-X"))
        .reduce((a, b) -> a + " " + b)
        .orElse("default flags");
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /** Field 10 of /proc/self/stat (minflt), counted after the command name's closing parenthesis. */
  private static long minorFaults() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[7]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
