package dev.sluice.dsl;

/**
 * The definition of a workflow with an input: records nodes on {@code wf} and returns the value
 * that is the workflow's output. Run once, when the {@link Workflow} is defined.
 *
 * @param <I> the workflow's input type
 * @param <O> the workflow's output type
 */
@FunctionalInterface
public interface WorkflowBody<I, O> {
  Value<O> define(WorkflowBuilder wf, Value<I> input);
}
