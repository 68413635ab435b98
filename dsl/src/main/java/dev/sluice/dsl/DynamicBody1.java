package dev.sluice.dsl;

/**
 * The body of a dynamic node with an input: run by the engine each time the node runs, with the
 * input's plain value, it records the sub-workflow's nodes on {@code sub} and returns its output.
 * Values of the enclosing workflow cannot be used here; pass what you need as the input.
 *
 * @param <A> the type of the input value
 * @param <R> the sub-workflow's output type
 */
@FunctionalInterface
public interface DynamicBody1<A, R> {
  Value<R> define(WorkflowBuilder sub, A value) throws Exception;
}
