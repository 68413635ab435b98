package dev.sluice.dsl;

import com.google.common.primitives.Primitives;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;

/**
 * A typed workflow defined with the DSL: {@code Workflow.named(name, Input.class, (wf, in) -> ...)}
 * runs the body once, at once, records the DAG and compiles it to an immutable {@link WorkflowSpec},
 * so a definition error is thrown where the workflow is defined. Run it with {@code
 * engine.run(workflow, input)}.
 *
 * <pre>{@code
 * static final Workflow<Params, Double> train = Workflow.named("train", Params.class, (wf, p) -> {
 *   Value<Dataset> data = wf.call(load, p);
 *   Value<Model> model = wf.call(fit, data, p);
 *   return wf.call(evaluate, model, data);
 * });
 * }</pre>
 *
 * <p>Errors in the DAG (type mismatches, duplicate ids, cycles) are core's {@link
 * dev.sluice.core.model.WorkflowValidationException}, listing every problem; misuse the DSL detects
 * itself (a value of another workflow, a null literal or task, a body returning null) is an {@link
 * IllegalArgumentException} or {@link IllegalStateException} naming the workflow, the node and the
 * fix.
 *
 * @param <I> the input type ({@code Void} for none)
 * @param <O> the output type: the type of the value the body returns
 */
public final class Workflow<I, O> implements WorkflowDefinition<I, O> {
  private final WorkflowSpec spec;

  private Workflow(WorkflowSpec spec) {
    this.spec = spec;
  }

  /** Defines a workflow taking an {@code input}: runs {@code body} now and compiles the DAG. */
  public static <I, O> Workflow<I, O> named(String name, Class<I> input, WorkflowBody<I, O> body) {
    if (input == null || body == null) {
      throw new IllegalArgumentException(
          "workflow '" + name + "': the " + (input == null ? "input class" : "body") + " is null."
              + " Fix: pass it (Void-input workflows use Workflow.named(name, wf -> ...))");
    }
    Recorder r = new Recorder(name, Primitives.wrap(input));
    Value<O> out = body.define(new WorkflowBuilder(r), r.input());
    return new Workflow<>(r.build(out, null, "the definition body"));
  }

  /** Defines a workflow without input ({@code Void}): runs {@code body} now and compiles the DAG. */
  public static <O> Workflow<Void, O> named(String name, WorkflowBody0<O> body) {
    if (body == null) {
      throw new IllegalArgumentException("workflow '" + name + "': the body is null. Fix: pass it");
    }
    Recorder r = new Recorder(name, Void.class);
    Value<O> out = body.define(new WorkflowBuilder(r));
    return new Workflow<>(r.build(out, null, "the definition body"));
  }

  /** The compiled, validated DAG. */
  @Override
  public WorkflowSpec spec() {
    return spec;
  }

  /** The workflow's name, also the default id of nodes that call it as a sub-workflow. */
  public String name() {
    return spec.name();
  }

  @Override
  public String toString() {
    return "Workflow["
        + spec.name()
        + " v"
        + spec.version()
        + ": "
        + Types.describe(spec.inputType())
        + " -> "
        + Types.describe(spec.outputType())
        + ", "
        + spec.nodes().size()
        + " nodes]";
  }
}
