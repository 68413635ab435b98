package dev.sluice.dsl;

/**
 * The body of a dynamic node without input: run by the engine each time the node runs, it records
 * the sub-workflow's nodes on {@code sub} and returns its output.
 *
 * @param <R> the sub-workflow's output type
 */
@FunctionalInterface
public interface DynamicBody0<R> {
  Value<R> define(WorkflowBuilder sub) throws Exception;
}
