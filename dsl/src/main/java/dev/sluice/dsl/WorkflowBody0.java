package dev.sluice.dsl;

/**
 * The definition of a workflow without input ({@code Void}): records nodes on {@code wf} and
 * returns the value that is the workflow's output. Run once, when the {@link Workflow} is defined.
 *
 * @param <O> the workflow's output type
 */
@FunctionalInterface
public interface WorkflowBody0<O> {
  Value<O> define(WorkflowBuilder wf);
}
