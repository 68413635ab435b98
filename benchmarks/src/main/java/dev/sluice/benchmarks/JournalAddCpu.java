package dev.sluice.benchmarks;

import dev.sluice.core.engine.NodeState;
import dev.sluice.core.internal.journal.DefaultRunStore;
import dev.sluice.core.internal.journal.JournalWriter;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.store.ArtifactStores;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What adding records to one run's journal costs the engine's threads, and whether two threads
 * adding at once (the lattice's two pool threads pushing onto one run's stack of pending records)
 * pay for contending: {@code threads} threads build and add a task's RUNNING and SUCCEEDED records,
 * tasks dealt round-robin, to the logs of {@code runs} runs of 1,000 tasks in turn, all at once;
 * prints the adders' CPU time per task for each round (the journal's own threads encode the batches
 * meanwhile, as in the engine, with the encoding-only store). Compare a run with 1 thread and one
 * with 2. Give it a fixed, pre-touched heap: a growing heap's page faults land in the adders' CPU
 * time (rounds of 10× the others).
 *
 * <pre>
 * java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.JournalAddCpu [threads=2] [runs=500] [rounds=10]
 * </pre>
 */
public final class JournalAddCpu {
  private static final int TASKS = 1_000;

  private JournalAddCpu() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    var cpu = ManagementFactory.getThreadMXBean();
    ExecutorService io = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "journal");
      t.setDaemon(true);
      return t;
    });
    JournalWriter writer = new JournalWriter(DefaultRunStore.encodingOnly(ArtifactStores.inMemory()), io,
        Duration.ofMillis(1), RetryPolicy.builder().maxAttempts(1).build(), (run, why) -> {
          throw new IllegalStateException("run " + run + ": " + why.getMessage(), why);
        });
    Instant at = Instant.now();
    String[] nodes = new String[TASKS];
    for (int i = 0; i < TASKS; i++) {
      nodes[i] = "n" + i;
    }
    Optional<String> local = Optional.of("local");
    for (int round = 1; round <= rounds; round++) {
      JournalWriter.RunLog[] logs = new JournalWriter.RunLog[runs];
      String[] ids = new String[runs];
      for (int r = 0; r < runs; r++) {
        ids[r] = "r" + round + "-" + r;
        logs[r] = writer.open(ids[r], 0);
        logs[r].add(new JournalRecord.RunStarted(ids[r], "wf", "1", "{}", "null", Origin.user("probe"), Map.of(),
            Optional.empty(), "engine", at));
      }
      long[] spent = new long[threads];
      CyclicBarrier go = new CyclicBarrier(threads);
      Thread[] adders = new Thread[threads];
      for (int k = 0; k < threads; k++) {
        int first = k;
        adders[k] = new Thread(() -> {
          try {
            go.await();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          long start = cpu.getCurrentThreadCpuTime();
          for (int r = 0; r < runs; r++) {
            JournalWriter.RunLog log = logs[r];
            String id = ids[r];
            for (int i = first; i < TASKS; i += threads) {
              log.add(new JournalRecord.NodeUpdate(id, nodes[i], "task", NodeState.RUNNING, 1, local,
                  Optional.empty(), Optional.empty(), Optional.empty(), at));
              log.add(new JournalRecord.NodeUpdate(id, nodes[i], "task", NodeState.SUCCEEDED, 1, Optional.empty(),
                  Optional.empty(), Optional.of(Integer.toString(i)), Optional.empty(), at));
            }
          }
          spent[first] = cpu.getCurrentThreadCpuTime() - start;
        }, "adder-" + k);
        adders[k].start();
      }
      for (Thread t : adders) {
        t.join();
      }
      for (JournalWriter.RunLog log : logs) {
        log.sync().get();
      }
      long total = 0;
      for (long s : spent) {
        total += s;
      }
      System.out.printf(Locale.ROOT, "round %d: %d thread(s), adders' CPU %.3f us per task%n", round, threads,
          total / 1_000.0 / TASKS / runs);
    }
  }
}
