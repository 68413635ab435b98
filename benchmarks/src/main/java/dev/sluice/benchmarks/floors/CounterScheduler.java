package dev.sluice.benchmarks.floors;

import dev.sluice.benchmarks.Dag;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Floor 2: the least a DAG scheduler has to do. The DAG is precompiled to int arrays (children of
 * each node, parent count of each node). A run allocates an {@link AtomicIntegerArray} of pending
 * parent counts and an {@code Object[]} of results; a finished task decrements each child's counter
 * and submits the child with one {@code pool.execute} when the counter reaches zero. The run's
 * future completes when every sink has completed.
 *
 * <p>No per-node state objects, no statuses, no events, no retries, no timeouts: anything an engine
 * adds on top of this costs time this floor does not spend.
 */
public final class CounterScheduler {

  private final Executor pool;
  private final int size;
  private final int[][] parents;
  private final int[][] children;
  private final byte[] ops;
  private final int[] roots;
  private final int[] initialPending;
  private final int sinkCount;
  private final int output;

  public CounterScheduler(Dag dag, Executor pool) {
    this.pool = pool;
    this.size = dag.size;
    this.parents = dag.parents;
    this.children = dag.children;
    this.ops = dag.ops;
    this.initialPending = new int[size];
    int rootCount = 0;
    for (int i = 0; i < size; i++) {
      initialPending[i] = parents[i].length;
      if (parents[i].length == 0) {
        rootCount++;
      }
    }
    this.roots = new int[rootCount];
    for (int i = 0, r = 0; i < size; i++) {
      if (parents[i].length == 0) {
        roots[r++] = i;
      }
    }
    this.sinkCount = dag.sinks.length;
    this.output = dag.output;
  }

  /** Runs the DAG once on the pool and waits for its output. */
  public long run(long input) {
    Run run = new Run(input);
    for (int r : roots) {
      pool.execute(() -> run.runNode(r));
    }
    return run.done.join();
  }

  private final class Run {
    final Long input;
    final Object[] results = new Object[size];
    final AtomicIntegerArray pending = new AtomicIntegerArray(initialPending);
    final AtomicInteger sinksLeft = new AtomicInteger(sinkCount);
    final CompletableFuture<Long> done = new CompletableFuture<>();

    Run(long input) {
      this.input = input;
    }

    void runNode(int i) {
      try {
        // The result is published by the volatile decrements below; a child only reads it after
        // seeing its counter reach zero.
        results[i] = compute(i);
        int[] cs = children[i];
        if (cs.length == 0) {
          if (sinksLeft.decrementAndGet() == 0) {
            done.complete((Long) results[output]);
          }
          return;
        }
        for (int c : cs) {
          if (pending.decrementAndGet(c) == 0) {
            pool.execute(() -> runNode(c));
          }
        }
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    }

    private Object compute(int i) {
      int[] ps = parents[i];
      switch (ops[i]) {
        case Dag.IDENTITY:
          return ps.length == 0 ? input : results[ps[0]];
        case Dag.INC:
          return (ps.length == 0 ? input : (Long) results[ps[0]]) + 1;
        case Dag.SUM:
          return sum(ps);
        case Dag.AVG_INC:
          return sum(ps) / ps.length + 1;
        default:
          throw new IllegalStateException("op " + ops[i]);
      }
    }

    private long sum(int[] ps) {
      long s = 0;
      for (int p : ps) {
        s += (Long) results[p];
      }
      return s;
    }
  }
}
