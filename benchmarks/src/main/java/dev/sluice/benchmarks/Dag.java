package dev.sluice.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One benchmark DAG shape, described once with plain int arrays, so that Sluice and both floors run
 * exactly the same graph: the same number of tasks, the same edges, the same per-task arithmetic.
 *
 * <p>Nodes are numbered in a topological order. A node without parents reads the workflow input.
 * Every task is a no-op in the sense that it does one or a few long additions on boxed values.
 */
public final class Dag {

  /** {@code x} (one input). */
  public static final byte IDENTITY = 0;

  /** {@code x + 1} (one input). */
  public static final byte INC = 1;

  /** Sum of all inputs. */
  public static final byte SUM = 2;

  /** {@code sum(inputs) / inputs + 1}: keeps lattice values small (layer k holds input + k + 1). */
  public static final byte AVG_INC = 3;

  /** Fan-in of the join tree that closes the fan-out shape (the DSL's tasks take at most 4 inputs). */
  public static final int FANOUT_JOIN_FAN_IN = 4;

  public final String name;
  public final int size;
  public final int[][] parents;
  public final int[][] children;
  public final byte[] ops;
  /** Nodes without children; a run is over when all of them have completed. */
  public final int[] sinks;
  /** The node whose value is the run's output (always a sink). */
  public final int output;

  private Dag(String name, int[][] parents, byte[] ops, int output) {
    this.name = name;
    this.size = parents.length;
    this.parents = parents;
    this.ops = ops;
    this.output = output;
    int[] childCount = new int[size];
    for (int[] ps : parents) {
      for (int p : ps) {
        childCount[p]++;
      }
    }
    children = new int[size][];
    for (int i = 0; i < size; i++) {
      children[i] = new int[childCount[i]];
    }
    int[] fill = new int[size];
    for (int i = 0; i < size; i++) {
      for (int p : parents[i]) {
        if (p >= i) {
          throw new IllegalArgumentException("node " + i + " reads node " + p + ": not topological");
        }
        children[p][fill[p]++] = i;
      }
    }
    sinks = java.util.stream.IntStream.range(0, size).filter(i -> childCount[i] == 0).toArray();
    if (Arrays.stream(sinks).noneMatch(s -> s == output)) {
      throw new IllegalArgumentException("output node " + output + " is not a sink");
    }
  }

  /** Width of the {@code join} and {@code map} shapes. */
  public static final int WIDE = 1000;

  /**
   * The shapes by name: {@code chain}, {@code fanout} (closed by a tree of 4-input joins), {@code
   * lattice}, and the two ways users fan in: {@code join} (a source, {@link #WIDE} increments and
   * one sum of all {@link #WIDE}) and {@code map} (the same graph, which Sluice runs as a map node
   * over a list of {@link #WIDE} items followed by one task over the mapped list).
   */
  public static Dag of(String shape) {
    switch (shape) {
      case "chain":
        return chain(1000);
      case "fanout":
        return fanout(1000, FANOUT_JOIN_FAN_IN);
      case "lattice":
        return lattice(100, 10);
      case "join":
      case "map":
        return fanout(WIDE, 0);
      default:
        throw new IllegalArgumentException("unknown shape '" + shape + "'");
    }
  }

  /** {@code n} tasks {@code x -> x + 1}, each reading the one before; the first reads the input. */
  public static Dag chain(int n) {
    int[][] parents = new int[n][];
    byte[] ops = new byte[n];
    for (int i = 0; i < n; i++) {
      parents[i] = i == 0 ? new int[0] : new int[] {i - 1};
      ops[i] = INC;
    }
    return new Dag("chain", parents, ops, n - 1);
  }

  /**
   * A source task (identity of the input), {@code width} independent tasks {@code x -> x + 1}
   * reading it, and a sink reading all of them: one {@link #SUM} task if {@code fanIn} is 0, else a
   * tree of {@link #SUM} joins of at most {@code fanIn} inputs each (consecutive groups, level by
   * level, until one node remains).
   */
  public static Dag fanout(int width, int fanIn) {
    List<int[]> parents = new ArrayList<>();
    List<Byte> ops = new ArrayList<>();
    parents.add(new int[0]);
    ops.add(IDENTITY);
    int[] level = new int[width];
    for (int i = 0; i < width; i++) {
      level[i] = parents.size();
      parents.add(new int[] {0});
      ops.add(INC);
    }
    int groupSize = fanIn == 0 ? width : fanIn;
    do {
      int groups = (level.length + groupSize - 1) / groupSize;
      int[] next = new int[groups];
      for (int g = 0; g < groups; g++) {
        int from = g * groupSize;
        int to = Math.min(level.length, from + groupSize);
        next[g] = parents.size();
        parents.add(Arrays.copyOfRange(level, from, to));
        ops.add(SUM);
      }
      level = next;
    } while (level.length > 1);
    byte[] opArray = new byte[ops.size()];
    for (int i = 0; i < opArray.length; i++) {
      opArray[i] = ops.get(i);
    }
    return new Dag(
        fanIn == 0 ? "fanout" : "fanout(join tree of " + fanIn + ")",
        parents.toArray(new int[0][]),
        opArray,
        level[0]);
  }

  /**
   * {@code layers} layers of {@code width} tasks; the first layer computes {@code input + 1}, every
   * other task reads all tasks of the layer before ({@link #AVG_INC}). Output: the last task.
   */
  public static Dag lattice(int layers, int width) {
    int n = layers * width;
    int[][] parents = new int[n][];
    byte[] ops = new byte[n];
    for (int l = 0; l < layers; l++) {
      for (int j = 0; j < width; j++) {
        int i = l * width + j;
        if (l == 0) {
          parents[i] = new int[0];
          ops[i] = INC;
        } else {
          int[] ps = new int[width];
          for (int k = 0; k < width; k++) {
            ps[k] = (l - 1) * width + k;
          }
          parents[i] = ps;
          ops[i] = AVG_INC;
        }
      }
    }
    return new Dag("lattice", parents, ops, n - 1);
  }

  /** Computes one node from its parents' values (or the input, for a root). */
  public static long apply(byte op, long[] in) {
    switch (op) {
      case IDENTITY:
        return in[0];
      case INC:
        return in[0] + 1;
      case SUM:
        {
          long s = 0;
          for (long v : in) {
            s += v;
          }
          return s;
        }
      case AVG_INC:
        {
          long s = 0;
          for (long v : in) {
            s += v;
          }
          return s / in.length + 1;
        }
      default:
        throw new IllegalStateException("op " + op);
    }
  }

  /** The output for {@code input}, computed sequentially: what every implementation must return. */
  public long expected(long input) {
    long[] values = new long[size];
    for (int i = 0; i < size; i++) {
      int[] ps = parents[i];
      long[] in;
      if (ps.length == 0) {
        in = new long[] {input};
      } else {
        in = new long[ps.length];
        for (int k = 0; k < ps.length; k++) {
          in[k] = values[ps[k]];
        }
      }
      values[i] = apply(ops[i], in);
    }
    return values[output];
  }

  @Override
  public String toString() {
    return name + " (" + size + " tasks, " + sinks.length + " sinks)";
  }
}
