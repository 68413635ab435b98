package dev.sluice.core.model;

/**
 * A workflow with a typed input {@code I} and output {@code O}: what the engine runs. The DSL's
 * {@code Workflow} implements it; {@link #spec()} is the compiled, immutable DAG.
 */
public interface WorkflowDefinition<I, O> {
  WorkflowSpec spec();
}
