package dev.sluice.benchmarks.floors;

import dev.sluice.benchmarks.Dag;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Floor 1: each shape written by hand with {@link CompletableFuture}s on the pool: {@code
 * supplyAsync} for roots, {@code thenApplyAsync} for one-input tasks, {@code allOf(...)
 * .thenApplyAsync} for joins. Every task is one async stage submitted to the same pool the engine
 * uses. The futures are built afresh on every run (a future completes once).
 */
public abstract class CompletableFutureDag {

  protected final Executor pool;

  private CompletableFutureDag(Executor pool) {
    this.pool = pool;
  }

  /** Runs the DAG once and waits for its output. */
  public abstract long run(long input);

  /** How many async stages (tasks) one run submits; must equal the {@link Dag}'s size. */
  public abstract int taskCount();

  /** The hand-written version of {@link Dag#of(String)}. */
  public static CompletableFutureDag of(String shape, Executor pool) {
    switch (shape) {
      case "chain":
        return new Chain(pool, 1000);
      case "fanout":
        return new Fanout(pool, 1000, Dag.FANOUT_JOIN_FAN_IN);
      case "lattice":
        return new Lattice(pool, 100, 10);
      case "join":
      case "map": // by hand, a map is a fan-out: one future per item, allOf, one task over the results
        return new Fanout(pool, Dag.WIDE, 0);
      default:
        throw new IllegalArgumentException("unknown shape '" + shape + "'");
    }
  }

  /** {@link Dag#chain}. */
  static final class Chain extends CompletableFutureDag {
    private final int n;

    Chain(Executor pool, int n) {
      super(pool);
      this.n = n;
    }

    @Override
    public long run(long input) {
      CompletableFuture<Long> f = CompletableFuture.supplyAsync(() -> input + 1, pool);
      for (int i = 1; i < n; i++) {
        f = f.thenApplyAsync(x -> x + 1, pool);
      }
      return f.join();
    }

    @Override
    public int taskCount() {
      return n;
    }
  }

  /** {@link Dag#fanout}: source, {@code width} increments, join tree of {@code fanIn}. */
  static final class Fanout extends CompletableFutureDag {
    private final int width;
    private final int fanIn;

    Fanout(Executor pool, int width, int fanIn) {
      super(pool);
      this.width = width;
      this.fanIn = fanIn;
    }

    @Override
    @SuppressWarnings("unchecked")
    public long run(long input) {
      CompletableFuture<Long> source = CompletableFuture.supplyAsync(() -> input, pool);
      CompletableFuture<Long>[] level = new CompletableFuture[width];
      for (int i = 0; i < width; i++) {
        level[i] = source.thenApplyAsync(x -> x + 1, pool);
      }
      int groupSize = fanIn == 0 ? width : fanIn;
      do {
        int groups = (level.length + groupSize - 1) / groupSize;
        CompletableFuture<Long>[] next = new CompletableFuture[groups];
        for (int g = 0; g < groups; g++) {
          int from = g * groupSize;
          int to = Math.min(level.length, from + groupSize);
          CompletableFuture<Long>[] group = java.util.Arrays.copyOfRange(level, from, to);
          next[g] =
              CompletableFuture.allOf(group)
                  .thenApplyAsync(
                      ignored -> {
                        long s = 0;
                        for (CompletableFuture<Long> f : group) {
                          s += f.join();
                        }
                        return s;
                      },
                      pool);
        }
        level = next;
      } while (level.length > 1);
      return level[0].join();
    }

    @Override
    public int taskCount() {
      return Dag.fanout(width, fanIn).size;
    }
  }

  /**
   * {@link Dag#lattice}. The ten tasks of a layer share one {@code allOf} of the layer before: what
   * one would write by hand (an engine that keeps a counter per task cannot share it).
   */
  static final class Lattice extends CompletableFutureDag {
    private final int layers;
    private final int width;

    Lattice(Executor pool, int layers, int width) {
      super(pool);
      this.layers = layers;
      this.width = width;
    }

    @Override
    @SuppressWarnings("unchecked")
    public long run(long input) {
      CompletableFuture<Long>[] prev = new CompletableFuture[width];
      for (int j = 0; j < width; j++) {
        prev[j] = CompletableFuture.supplyAsync(() -> input + 1, pool);
      }
      for (int l = 1; l < layers; l++) {
        CompletableFuture<Long>[] in = prev;
        CompletableFuture<Void> all = CompletableFuture.allOf(in);
        CompletableFuture<Long>[] cur = new CompletableFuture[width];
        for (int j = 0; j < width; j++) {
          cur[j] =
              all.thenApplyAsync(
                  ignored -> {
                    long s = 0;
                    for (CompletableFuture<Long> f : in) {
                      s += f.join();
                    }
                    return s / in.length + 1;
                  },
                  pool);
        }
        prev = cur;
      }
      // The run is over when the whole last layer is.
      CompletableFuture.allOf(prev).join();
      return prev[width - 1].join();
    }

    @Override
    public int taskCount() {
      return layers * width;
    }
  }
}
