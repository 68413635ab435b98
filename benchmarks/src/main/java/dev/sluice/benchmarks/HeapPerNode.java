package dev.sluice.benchmarks;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.dsl.Workflow;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;

/**
 * Heap of a compiled workflow: builds a chain of {@code N} (default 100,000) tasks with the DSL and
 * prints
 *
 * <ul>
 *   <li>bytes allocated while defining and compiling it ({@code
 *       com.sun.management.ThreadMXBean#getThreadAllocatedBytes} of this thread), per node;
 *   <li>bytes it retains: heap used after full GCs with the workflow reachable, minus heap used after
 *       full GCs before it was built ({@link MemoryMXBean}), per node;
 *   <li>wall time of the definition + compilation, per node (one cold-ish sample after a few
 *       warm-up builds; {@link CompileBenchmark} is the measurement);
 * </ul>
 *
 * and then runs it five times on an engine with a 2-thread pool, from {@code main} on the default stack
 * size, checking the output is {@code N}: a long chain must neither overflow the stack when it
 * compiles nor when it runs.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.HeapPerNode [nodes]
 * </pre>
 */
public final class HeapPerNode {

  /** Runs of the compiled chain after the measurement (the first is cold). */
  private static final int RUNS = 5;

  private HeapPerNode() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    // Warm up the DSL and the compiler on smaller chains, so the sample below is not interpreted code.
    for (int i = 0; i < 5; i++) {
      SluiceDags.chain(10_000).spec();
    }

    long usedBefore = usedAfterGc(memory);
    long tid = Thread.currentThread().getId();
    long allocBefore = threads.getThreadAllocatedBytes(tid);
    long t0 = System.nanoTime();
    Workflow<Long, Long> chain = SluiceDags.chain(n);
    WorkflowSpec spec = chain.spec();
    long nanos = System.nanoTime() - t0;
    long allocated = threads.getThreadAllocatedBytes(tid) - allocBefore;
    long usedAfter = usedAfterGc(memory);
    if (spec.nodes().size() != n) {
      throw new IllegalStateException("compiled " + spec.nodes().size() + " nodes, expected " + n);
    }
    long retained = usedAfter - usedBefore;

    System.out.printf(Locale.ROOT, "nodes:                 %,d%n", n);
    System.out.printf(
        Locale.ROOT, "define + compile:      %.1f ms, %.3f µs/node%n", nanos / 1e6, nanos / 1e3 / n);
    System.out.printf(
        Locale.ROOT,
        "allocated (compile):   %,d B, %,.0f B/node%n",
        allocated,
        (double) allocated / n);
    System.out.printf(
        Locale.ROOT,
        "retained (heap, GC'd): %,d B, %,.0f B/node%n",
        retained,
        (double) retained / n);

    ExecutorService pool = Pools.create("fixed");
    int failures = 0;
    try (Engine engine = Engine.builder().taskPool(pool).build()) {
      for (int i = 1; i <= RUNS; i++) {
        long r0 = System.nanoTime();
        RunHandle<Long> run = engine.run(chain, 0L);
        long out;
        try {
          out = run.await(Duration.ofSeconds(60));
        } catch (TimeoutException e) {
          run.cancel();
          System.out.printf(Locale.ROOT, "run %d: did not finish in 60 s (lost completion?)%n", i);
          failures++;
          continue;
        }
        long runNanos = System.nanoTime() - r0;
        if (out != n) {
          throw new IllegalStateException("the chain returned " + out + ", expected " + n);
        }
        System.out.printf(
            Locale.ROOT,
            "run %d (main thread, default stack, 2-thread pool): output %,d in %.1f ms, %.3f µs/task%n",
            i,
            out,
            runNanos / 1e6,
            runNanos / 1e3 / n);
      }
    } finally {
      Pools.shutdown(pool);
    }
    java.lang.ref.Reference.reachabilityFence(spec);
    if (failures > 0) {
      System.out.printf(Locale.ROOT, "%d of %d runs did not finish%n", failures, RUNS);
      System.exit(1);
    }
  }

  private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
