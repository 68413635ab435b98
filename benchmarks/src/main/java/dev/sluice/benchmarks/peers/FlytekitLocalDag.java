package dev.sluice.benchmarks.peers;

import dev.sluice.benchmarks.Dag;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flyte.api.v1.Literal;
import org.flyte.api.v1.Primitive;
import org.flyte.api.v1.RunnableTask;
import org.flyte.api.v1.Scalar;
import org.flyte.api.v1.TaskIdentifier;
import org.flyte.api.v1.WorkflowTemplate;
import org.flyte.flytekit.SdkBindingData;
import org.flyte.flytekit.SdkRunnableTask;
import org.flyte.flytekit.SdkRunnableTaskRegistrar;
import org.flyte.flytekit.SdkWorkflow;
import org.flyte.flytekit.SdkWorkflowBuilder;
import org.flyte.localengine.ExecutionContext;
import org.flyte.localengine.LocalEngine;
import org.flyte.localengine.NoopExecutionListener;

/**
 * The peer: a {@link Dag} as a flytekit-java 0.4.35 workflow ({@link SdkWorkflow}, tasks from
 * {@link FlytekitTasks} found by {@link SdkRunnableTaskRegistrar}), run by flytekit-java's local
 * engine ({@code LocalEngine.compileAndExecute}), which runs the nodes one after the other on the
 * calling thread (it takes no pool). The workflow template is built once; see the constructor for
 * the two ways a run is made.
 *
 * <p>Shapes it expresses: every {@link Dag} (one task per node, a join task per in-degree). Not the
 * {@code map} shape: flytekit-java's local engine has no map task (a fan-out is its only way, and
 * that is the {@code join} shape).
 */
public final class FlytekitLocalDag {
  private static final Map<String, String> ENV =
      Map.of(
          "FLYTE_INTERNAL_DOMAIN", "development",
          "FLYTE_INTERNAL_VERSION", "bench",
          "FLYTE_INTERNAL_PROJECT", "sluice");

  private final WorkflowTemplate template;
  private final Map<String, RunnableTask> tasks;
  private final int size;
  private final boolean compileEachRun;
  /** With {@code compileEachRun == false}: the engine, its compiled nodes and its private execute. */
  private final LocalEngine engine;
  private final Object compiled;
  private final MethodHandle execute;

  /**
   * {@code compileEachRun}: every run calls the public {@code LocalEngine.compileAndExecute}, which
   * compiles the template's nodes (sorting them with streams, a large share of its time) before it
   * executes them. Otherwise the nodes are compiled once here and every run calls the engine's
   * private {@code execute(nodes, inputs, outputBindings)} by reflection: the engine's execution
   * alone, the fairest (fastest) reading of the peer.
   */
  public FlytekitLocalDag(Dag dag, boolean compileEachRun) {
    this.size = dag.size;
    this.compileEachRun = compileEachRun;
    this.template = new Workflow(dag).toIdlTemplate();
    this.tasks = new HashMap<>();
    for (Map.Entry<TaskIdentifier, RunnableTask> e :
        new SdkRunnableTaskRegistrar().load(ENV, FlytekitLocalDag.class.getClassLoader()).entrySet()) {
      tasks.put(e.getKey().name(), e.getValue());
    }
    if (compileEachRun) {
      engine = null;
      compiled = null;
      execute = null;
      return;
    }
    ExecutionContext context =
        ExecutionContext.builder()
            .runnableTasks(tasks)
            .dynamicWorkflowTasks(Map.of())
            .workflowTemplates(Map.of())
            .runnableLaunchPlans(Map.of())
            .executionListener(NoopExecutionListener.create())
            .build();
    engine = new LocalEngine(context);
    try {
      Class<?> compilerClass = Class.forName("org.flyte.localengine.ExecutionNodeCompiler");
      Constructor<?> ctor = compilerClass.getDeclaredConstructor(ExecutionContext.class);
      ctor.setAccessible(true);
      Method compile = compilerClass.getDeclaredMethod("compile", List.class);
      compile.setAccessible(true);
      compiled = compile.invoke(ctor.newInstance(context), template.nodes());
      Method exec = LocalEngine.class.getDeclaredMethod("execute", List.class, Map.class, List.class);
      exec.setAccessible(true);
      execute = MethodHandles.lookup().unreflect(exec);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("flytekit-java's local engine changed: " + e, e);
    }
  }

  /** The shapes this peer can run. */
  public static boolean expresses(String shape) {
    return !shape.equals("map");
  }

  /** Runs the workflow once on this thread; returns its output. */
  @SuppressWarnings("unchecked")
  public long run(long input) {
    Map<String, Literal> in = Map.of("x", Literal.ofScalar(Scalar.ofPrimitive(Primitive.ofIntegerValue(input))));
    Map<String, Literal> out;
    if (compileEachRun) {
      out = LocalEngine.compileAndExecute(template, tasks, Map.of(), Map.of(), in);
    } else {
      try {
        out = (Map<String, Literal>) execute.invoke(engine, compiled, in, template.outputs());
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }
    return out.get("o").scalar().primitive().integerValue();
  }

  public int taskCount() {
    return size;
  }

  /** The DAG as a flytekit workflow: node {@code i} is {@code n<i>}, calling the task of its op and in-degree. */
  private static final class Workflow extends SdkWorkflow<SdkBindingData<Long>, SdkBindingData<Long>> {
    private final Dag dag;

    Workflow(Dag dag) {
      super(FlytekitTasks.one("x"), FlytekitTasks.one("o"));
      this.dag = dag;
    }

    @Override
    protected SdkBindingData<Long> expand(SdkWorkflowBuilder builder, SdkBindingData<Long> input) {
      List<SdkBindingData<Long>> outputs = new ArrayList<>(dag.size);
      for (int i = 0; i < dag.size; i++) {
        int[] ps = dag.parents[i];
        String id = "n" + i;
        SdkBindingData<Long> out;
        if (ps.length <= 1) {
          SdkBindingData<Long> in = ps.length == 0 ? input : outputs.get(ps[0]);
          SdkRunnableTask<SdkBindingData<Long>, SdkBindingData<Long>> task;
          if (dag.ops[i] == Dag.IDENTITY) {
            task = new FlytekitTasks.Source();
          } else if (dag.ops[i] == Dag.INC) {
            task = new FlytekitTasks.Inc();
          } else if (dag.ops[i] == Dag.SUM) {
            out = builder.apply(id, new FlytekitTasks.Sum1(), List.of(in)).getOutputs();
            outputs.add(out);
            continue;
          } else {
            throw new IllegalArgumentException("op " + dag.ops[i] + " with one input");
          }
          out = builder.apply(id, task, in).getOutputs();
        } else {
          List<SdkBindingData<Long>> in = new ArrayList<>(ps.length);
          for (int p : ps) {
            in.add(outputs.get(p));
          }
          out = builder.apply(id, join(dag.ops[i], ps.length), in).getOutputs();
        }
        outputs.add(out);
      }
      return outputs.get(dag.output);
    }

    private static FlytekitTasks.Join join(byte op, int n) {
      if (op == Dag.AVG_INC && n == 10) {
        return new FlytekitTasks.AvgInc10();
      }
      if (op == Dag.SUM) {
        switch (n) {
          case 2:
            return new FlytekitTasks.Sum2();
          case 3:
            return new FlytekitTasks.Sum3();
          case 4:
            return new FlytekitTasks.Sum4();
          case Dag.WIDE:
            return new FlytekitTasks.SumWide();
          default:
            break;
        }
      }
      throw new IllegalArgumentException("no flytekit task for op " + op + " over " + n + " inputs");
    }
  }
}
