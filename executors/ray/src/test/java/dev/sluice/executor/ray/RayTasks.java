package dev.sluice.executor.ray;

import dev.sluice.core.model.TaskCatalog;
import dev.sluice.core.spi.TaskCatalogProvider;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import java.time.Duration;

/**
 * The tasks and workflows the Ray tests run. Listed in META-INF/services so that the task runner,
 * started by the stand-in as a Ray job would be, finds the JVM tasks by name.
 */
public final class RayTasks implements TaskCatalogProvider {
  /** What the Python task returns: the scaled value and the node that computed it. */
  public record Scaled(int value, String node) {}

  /** A Python program that reads inputs.json and writes outputs.json, as a command task does. */
  static final String SCALE_PY = String.join("\n",
      "import json, os",
      "with open(os.environ['SLUICE_INPUTS_URI']) as f: inputs = json.load(f)",
      "out = {'value': inputs['value'] * 10, 'node': os.environ['SLUICE_NODE']}",
      "print(\"scaling %s on $node's worker\" % inputs['value'])",
      "with open(os.environ['SLUICE_OUTPUTS_URI'], 'w') as f: json.dump(out, f)");

  static final Task1<Integer, Integer> square = Task.named("square").of(RayTasks::square);

  static final Task1<Integer, Scaled> pyScale =
      Task.named("py-scale").command("python3", "-c", SCALE_PY).executor("ray").inputNames("value")
          .of(Integer.class, Scaled.class);

  static final Task1<Scaled, String> describe = Task.named("describe").executor("ray").of(RayTasks::describe);

  static final Task1<String, String> shout = Task.named("shout").of(RayTasks::shout);

  /** Local square, Python on Ray, Java on Ray through the task runner, local again. */
  static final Workflow<Integer, String> MIXED = Workflow.named("ray-mixed", Integer.class, (wf, n) -> {
    Value<Integer> squared = wf.call(square, n);
    Value<Scaled> scaled = wf.call(pyScale, squared);
    Value<String> described = wf.call(describe, scaled);
    return wf.call(shout, described);
  });

  static final Task1<Integer, Integer> explode = Task.named("explode").executor("ray").of(RayTasks::explode);

  static final Workflow<Integer, Integer> EXPLODING =
      Workflow.named("ray-explode", Integer.class, (wf, n) -> wf.call(explode, n));

  /** A command task of the given shell script, on Ray, with an optional timeout. */
  static Workflow<Integer, Integer> shell(String name, String script, Duration timeout) {
    Task1<Integer, Integer> task = Task.named(name).command("sh", "-c", script).executor("ray")
        .timeout(timeout).of(Integer.class, Integer.class);
    return Workflow.named(name, Integer.class, (wf, n) -> wf.call(task, n));
  }

  private static Integer square(Integer x) {
    return x * x;
  }

  private static String describe(Scaled s) {
    return s.node() + ":" + s.value();
  }

  private static String shout(String s) {
    return s.toUpperCase(java.util.Locale.ROOT);
  }

  private static Integer explode(Integer x) {
    throw new IllegalStateException("exploded on " + x);
  }

  @Override
  public TaskCatalog catalog() {
    return TaskCatalog.ofWorkflows(MIXED.spec(), EXPLODING.spec());
  }
}
