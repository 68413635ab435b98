package dev.sluice.benchmarks;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scale on one engine with a 2-thread pool: a map of {@code N} (default 100,000) elements, and
 * {@code R} (default 10,000) runs started at once. In each case every task first waits on a gate
 * (a latch), so while the heap is measured everything is in flight: 2 tasks hold the pool's
 * threads, the rest wait. Prints the heap those waiting nodes (or runs) retain, per node (run) —
 * heap used after full GCs while they wait, minus the same before — the threads the JVM has while
 * they wait, then opens the gate and checks every output.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.Scale [elements] [runs]
 * </pre>
 */
public final class Scale {

  private static volatile CountDownLatch gate = new CountDownLatch(0);

  static final Task1<Long, List<Long>> ITEMS = Task.named("items").of(Scale::items);
  static final Task1<Long, Long> WAIT_INC = Task.named("wait-inc").of(Scale::waitInc);
  static final Task1<List<Long>, Long> SUM = Task.named("sum").of(SluiceDags::sum);

  private static int elements;

  private Scale() {}

  static List<Long> items(Long x) {
    return Collections.nCopies(elements, x);
  }

  static Long waitInc(Long x) throws InterruptedException {
    if (!gate.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the gate never opened");
    }
    return x + 1;
  }

  public static void main(String[] args) throws Exception {
    elements = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Workflow<Long, Long> map = Workflow.named("map", Long.class, (wf, in) -> wf.call(SUM, wf.map(WAIT_INC, wf.call(ITEMS, in))));
    Workflow<Long, Long> one = Workflow.named("one", Long.class, (wf, in) -> wf.call(WAIT_INC, in));
    ExecutorService pool = Pools.create("fixed");
    try (Engine engine = Engine.builder().taskPool(pool).build()) {
      // warm up both workflows with the gate open, so that classes and code are not counted below
      gate = new CountDownLatch(0);
      int saved = elements;
      elements = 1000;
      engine.run(map, 0L).await(Duration.ofMinutes(1));
      engine.run(one, 0L).await(Duration.ofMinutes(1));
      elements = saved;

      gate = new CountDownLatch(1);
      long before = usedAfterGc(memory);
      int threadsBefore = threads.getThreadCount();
      RunHandle<Long> mapRun = engine.run(map, 0L);
      awaitQuiet(mapRun, memory);
      long during = usedAfterGc(memory);
      int threadsDuring = threads.getThreadCount();
      gate.countDown();
      long out = mapRun.await(Duration.ofMinutes(5));
      if (out != elements) {
        throw new IllegalStateException("the map returned " + out + ", expected " + elements);
      }
      System.out.printf(Locale.ROOT, "map of %,d elements: %,d B retained while waiting, %,.0f B per waiting element; threads %d -> %d; output %,d%n",
          elements, during - before, (double) (during - before) / elements, threadsBefore, threadsDuring, out);

      gate = new CountDownLatch(1);
      before = usedAfterGc(memory);
      threadsBefore = threads.getThreadCount();
      List<RunHandle<Long>> handles = new ArrayList<>(runs);
      for (int i = 0; i < runs; i++) {
        handles.add(engine.run(one, (long) i));
      }
      during = usedAfterGc(memory);
      threadsDuring = threads.getThreadCount();
      gate.countDown();
      for (int i = 0; i < runs; i++) {
        long got = handles.get(i).await(Duration.ofMinutes(5));
        if (got != i + 1) {
          throw new IllegalStateException("run " + i + " returned " + got);
        }
      }
      System.out.printf(Locale.ROOT, "%,d runs queued: %,d B retained while waiting, %,.0f B per queued run; threads %d -> %d%n",
          runs, during - before, (double) (during - before) / runs, threadsBefore, threadsDuring);
    } finally {
      Pools.shutdown(pool);
    }
  }

  /** Waits until the map's elements are all started (its status stops changing), with a deadline. */
  private static void awaitQuiet(RunHandle<Long> run, MemoryMXBean memory) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    int last = -1;
    while (System.nanoTime() < deadline) {
      int nodes = run.status().nodes().size();
      if (nodes == last && nodes > elements) {
        return;
      }
      last = nodes;
      Thread.sleep(200);
    }
    throw new IllegalStateException("the map did not start its elements in 2 minutes");
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
