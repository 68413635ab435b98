package dev.sluice.benchmarks;

import dev.sluice.core.engine.NodeState;
import dev.sluice.core.internal.journal.DefaultRunStore;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.JournalRecord.NodeUpdate;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.ArtifactStores;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link JournalEncodeBenchmark}'s batches timed by this thread's CPU time rather than the wall
 * clock, which a shared machine stretches: per task (its RUNNING and SUCCEEDED records), for
 * batches of 1, 8 and 64 tasks, the median of {@code rounds} rounds of one second each after a
 * warm-up of the same length.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.JournalEncodeCpu [rounds]
 * </pre>
 */
public final class JournalEncodeCpu {
  private JournalEncodeCpu() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    RunStore store = DefaultRunStore.encodingOnly(ArtifactStores.inMemory());
    for (int tasks : new int[] {1, 8, 64}) {
      List<JournalRecord> batch = batch(tasks);
      List<Double> perTask = new ArrayList<>();
      double bytes = 0;
      for (int round = -rounds; round < rounds; round++) { // the first half warms up
        long cpu0 = threads.getCurrentThreadCpuTime();
        long alloc0 = threads.getCurrentThreadAllocatedBytes();
        long n = 0;
        long end = cpu0 + 1_000_000_000L;
        while (threads.getCurrentThreadCpuTime() < end) {
          for (int i = 0; i < 1_000; i++) {
            store.append("chain-k3x9ab2c", 1, batch);
          }
          n += 1_000;
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        if (round >= 0) {
          perTask.add(cpu / 1_000.0 / n / tasks);
          bytes = (threads.getCurrentThreadAllocatedBytes() - alloc0) / (double) n / tasks;
        }
      }
      perTask.sort(null);
      System.out.printf(Locale.ROOT, "batches of %d task(s): %.3f us CPU per task (median of %d; %.3f-%.3f), %.0f B"
              + " allocated per task%n", tasks, perTask.get(perTask.size() / 2), rounds, perTask.get(0),
          perTask.get(perTask.size() - 1), bytes);
    }
  }

  /** {@code tasks} task calls as a chain of no-op tasks journals them: RUNNING, then SUCCEEDED with a small output. */
  static List<JournalRecord> batch(int tasks) {
    String run = "chain-k3x9ab2c";
    Instant at = Instant.ofEpochMilli(1_765_000_000_123L);
    List<JournalRecord> batch = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      String node = "n" + i;
      batch.add(new NodeUpdate(run, node, "task", NodeState.RUNNING, 1, Optional.of("local"),
          Optional.of(run + "-" + node + "-1"), Optional.empty(), Optional.empty(), at.plusMillis(i)));
      batch.add(new NodeUpdate(run, node, "task", NodeState.SUCCEEDED, 1, Optional.empty(), Optional.empty(),
          Optional.of(Long.toString(i)), Optional.empty(), at.plusMillis(i)));
    }
    return batch;
  }
}
