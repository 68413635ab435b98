package dev.sluice.benchmarks;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeStatus;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Task2;
import dev.sluice.dsl.Task3;
import dev.sluice.dsl.Task4;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The benchmark shapes as Sluice workflows, the same DAGs as {@link Dag}: the chain and the fan-out
 * written with the DSL (a DSL task takes at most 4 inputs, so the fan-out closes with the same tree
 * of 4-input joins as the floors), the lattice built with the core model (each join reads 10
 * nodes, which the DSL cannot express).
 */
public final class SluiceDags {

  static final Task1<Long, Long> INC = Task.named("inc").of(x -> x + 1);
  static final Task1<Long, Long> SOURCE = Task.named("source").of(x -> x);
  static final Task1<Long, Long> JOIN1 = Task.named("join1").of(a -> a);
  static final Task2<Long, Long, Long> JOIN2 = Task.named("join2").of((a, b) -> a + b);
  static final Task3<Long, Long, Long, Long> JOIN3 =
      Task.named("join3").of((a, b, c) -> a + b + c);
  static final Task4<Long, Long, Long, Long, Long> JOIN4 =
      Task.named("join4").of((a, b, c, d) -> a + b + c + d);

  private SluiceDags() {}

  /** A chain of {@code n} {@code inc} tasks, written with the DSL: {@link Dag#chain}. */
  public static Workflow<Long, Long> chain(int n) {
    return Workflow.named(
        "chain",
        Long.class,
        (wf, in) -> {
          Value<Long> v = in;
          for (int i = 0; i < n; i++) {
            v = wf.call(INC, v);
          }
          return v;
        });
  }

  /** {@link Dag#fanout}{@code (width, 4)} written with the DSL. */
  public static Workflow<Long, Long> fanout(int width) {
    return Workflow.named(
        "fanout",
        Long.class,
        (wf, in) -> {
          Value<Long> source = wf.call(SOURCE, in);
          List<Value<Long>> level = new ArrayList<>(width);
          for (int i = 0; i < width; i++) {
            level.add(wf.call(INC, source));
          }
          do {
            List<Value<Long>> next = new ArrayList<>();
            for (int from = 0; from < level.size(); from += Dag.FANOUT_JOIN_FAN_IN) {
              List<Value<Long>> g =
                  level.subList(from, Math.min(level.size(), from + Dag.FANOUT_JOIN_FAN_IN));
              switch (g.size()) {
                case 1:
                  next.add(wf.call(JOIN1, g.get(0)));
                  break;
                case 2:
                  next.add(wf.call(JOIN2, g.get(0), g.get(1)));
                  break;
                case 3:
                  next.add(wf.call(JOIN3, g.get(0), g.get(1), g.get(2)));
                  break;
                default:
                  next.add(wf.call(JOIN4, g.get(0), g.get(1), g.get(2), g.get(3)));
                  break;
              }
            }
            level = next;
          } while (level.size() > 1);
          return level.get(0);
        });
  }

  /**
   * {@link Dag#lattice}{@code (layers, width)} with the core model: layer 0 is {@code inc} of the
   * input, every later task a {@code join} of the {@code width} tasks of the layer before.
   */
  public static WorkflowSpec lattice(int layers, int width) {
    TaskSpec inc =
        TaskSpec.builder("inc")
            .input("x", Long.class)
            .output(Long.class)
            .jvm((args, ctx) -> (Long) args[0] + 1)
            .build();
    TaskSpec.Builder joinBuilder = TaskSpec.builder("join" + width);
    for (int k = 0; k < width; k++) {
      joinBuilder.input("in" + k, Long.class);
    }
    TaskSpec join =
        joinBuilder
            .output(Long.class)
            .jvm(
                (args, ctx) -> {
                  long s = 0;
                  for (Object a : args) {
                    s += (Long) a;
                  }
                  return s / args.length + 1;
                })
            .build();
    WorkflowSpec.Builder b = WorkflowSpec.builder("lattice", Long.class);
    String last = null;
    for (int l = 0; l < layers; l++) {
      for (int j = 0; j < width; j++) {
        last = id(l, j);
        if (l == 0) {
          b.node(new TaskNode(last, inc, List.of(Binding.INPUT)));
        } else {
          List<Binding> in = new ArrayList<>(width);
          for (int k = 0; k < width; k++) {
            in.add(Binding.output(id(l - 1, k)));
          }
          b.node(new TaskNode(last, join, in));
        }
      }
    }
    return b.output(Binding.output(last), Long.class).build();
  }

  /**
   * {@link Dag#fanout}{@code (width, 0)} with the core model: a source ({@code x -> x}), {@code
   * width} {@code inc} tasks reading it, and one join task with {@code width} inputs reading all of
   * them (the DSL's tasks take at most 4 inputs).
   */
  public static WorkflowSpec join(int width) {
    TaskSpec source =
        TaskSpec.builder("source").input("x", Long.class).output(Long.class).jvm((args, ctx) -> args[0]).build();
    TaskSpec inc =
        TaskSpec.builder("inc")
            .input("x", Long.class)
            .output(Long.class)
            .jvm((args, ctx) -> (Long) args[0] + 1)
            .build();
    TaskSpec.Builder joinBuilder = TaskSpec.builder("sum" + width);
    for (int k = 0; k < width; k++) {
      joinBuilder.input("in" + k, Long.class);
    }
    TaskSpec join =
        joinBuilder
            .output(Long.class)
            .jvm(
                (args, ctx) -> {
                  long sum = 0;
                  for (Object a : args) {
                    sum += (Long) a;
                  }
                  return sum;
                })
            .build();
    WorkflowSpec.Builder b = WorkflowSpec.builder("join", Long.class);
    b.node(new TaskNode("source", source, List.of(Binding.INPUT)));
    List<Binding> in = new ArrayList<>(width);
    for (int k = 0; k < width; k++) {
      b.node(new TaskNode("inc" + k, inc, List.of(Binding.output("source"))));
      in.add(Binding.output("inc" + k));
    }
    b.node(new TaskNode("join", join, in));
    return b.output(Binding.output("join"), Long.class).build();
  }

  static final Task1<Long, List<Long>> ITEMS = Task.named("items").of(SluiceDags::items);
  static final Task1<List<Long>, Long> SUM = Task.named("sum").of(SluiceDags::sum);

  /** The map's items: {@link Dag#WIDE} copies of {@code x}. */
  static List<Long> items(Long x) {
    return java.util.Collections.nCopies(Dag.WIDE, x);
  }

  static Long sum(List<Long> values) {
    long sum = 0;
    for (Long v : values) {
      sum += v;
    }
    return sum;
  }

  /**
   * The {@code map} shape with the DSL: a task makes a list of {@link Dag#WIDE} items, {@code
   * wf.map(inc, items)} runs one {@code inc} per item, one task sums the mapped list: the same
   * {@link Dag#WIDE} + 2 tasks as {@link Dag#fanout}{@code (WIDE, 0)}, in 3 nodes.
   */
  public static Workflow<Long, Long> map() {
    return Workflow.named("map", Long.class, (wf, in) -> wf.call(SUM, wf.map(INC, wf.call(ITEMS, in))));
  }

  private static String id(int layer, int j) {
    return "n" + layer + "_" + j;
  }

  /** A chain of {@code n} {@code inc} nodes with the core model, to split DSL from model cost. */
  public static WorkflowSpec coreChain(int n) {
    TaskSpec inc = INC.spec();
    WorkflowSpec.Builder b = WorkflowSpec.builder("chain", Long.class);
    for (int i = 0; i < n; i++) {
      b.node(new TaskNode("inc" + i, inc, List.of(i == 0 ? Binding.INPUT : Binding.output("inc" + (i - 1)))));
    }
    return b.output(Binding.output("inc" + (n - 1)), Long.class).build();
  }

  /** The spec of {@link Dag#of}{@code (shape)} as Sluice builds it. */
  public static WorkflowSpec spec(String shape) {
    switch (shape) {
      case "chain":
        return chain(1000).spec();
      case "fanout":
        return fanout(1000).spec();
      case "lattice":
        return lattice(100, 10);
      case "join":
        return join(Dag.WIDE);
      case "map":
        return map().spec();
      default:
        throw new IllegalArgumentException("unknown shape '" + shape + "'");
    }
  }

  /**
   * A runner on an engine whose task pool is {@code pool}. The spec is built (compiled) here, once;
   * it must have as many nodes as the {@link Dag}, with the same in-degrees.
   */
  static DagRunner runner(String shape, ExecutorService pool) {
    return runner(shape, pool, UnaryOperator.identity());
  }

  /** {@link #runner(String, ExecutorService)} on an engine with more {@code options} (a run store…). */
  static DagRunner runner(String shape, ExecutorService pool, UnaryOperator<Engine.Builder> options) {
    return runner(shape, pool, options, false);
  }

  /**
   * {@link #runner(String, ExecutorService, UnaryOperator)}; with {@code compileEachRun}, every run
   * first defines and compiles the workflow afresh ({@link #spec}) and runs that spec: what
   * flytekit-java's public {@code LocalEngine.compileAndExecute} does on every run (Sluice's own
   * users can compile once and run many; this is the like-for-like reading).
   */
  static DagRunner runner(
      String shape, ExecutorService pool, UnaryOperator<Engine.Builder> options, boolean compileEachRun) {
    WorkflowSpec spec = spec(shape);
    Dag dag = Dag.of(shape);
    if (!shape.equals("map")) { // a map's elements are not nodes: DagRunner.create checks its task count
      checkSameShape(spec, dag);
    }
    Engine engine = options.apply(Engine.builder().taskPool(pool)).build();
    return new DagRunner() {
      @Override
      public long run(long input) {
        RunHandle<Object> run = engine.run(compileEachRun ? spec(shape) : spec, input, RunOptions.DEFAULT);
        try {
          return (Long) run.await(RUN_TIMEOUT);
        } catch (TimeoutException e) {
          // A lost completion must fail the benchmark, not hang it (JMH would wait forever).
          run.cancel();
          throw new IllegalStateException(
              "run of '" + spec.name() + "' did not finish in " + RUN_TIMEOUT + ": " + stuck(run), e);
        }
      }

      @Override
      public int taskCount() {
        return shape.equals("map") ? Dag.WIDE + 2 : spec.nodes().size();
      }

      @Override
      public void close() {
        engine.close();
      }
    };
  }

  /** How long one run may take before the benchmark fails (a whole run takes about a millisecond). */
  static final Duration RUN_TIMEOUT = Duration.ofSeconds(10);

  /** Counts of node states of a run that did not finish, for the failure message. */
  private static String stuck(RunHandle<Object> run) {
    Map<String, Integer> counts = new TreeMap<>();
    for (NodeStatus n : run.status().nodes()) {
      counts.merge(n.state().name(), 1, Integer::sum);
    }
    return "node states " + counts;
  }

  /** Same node count and the same sorted in-degrees as the floors' DAG. */
  static void checkSameShape(WorkflowSpec spec, Dag dag) {
    int[] specDegrees = spec.nodes().stream().mapToInt(n -> spec.upstream(n.id()).size()).sorted().toArray();
    int[] dagDegrees = java.util.Arrays.stream(dag.parents).mapToInt(p -> p.length).sorted().toArray();
    if (!java.util.Arrays.equals(specDegrees, dagDegrees)) {
      throw new IllegalStateException(
          "Sluice's " + dag.name + " has " + specDegrees.length + " nodes, the floors' " + dag.size
              + ", or their in-degrees differ");
    }
  }
}
