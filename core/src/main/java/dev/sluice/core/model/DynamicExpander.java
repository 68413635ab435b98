package dev.sluice.core.model;

/** Builds the sub-DAG of a {@link DynamicNode} from its input values, at run time. */
@FunctionalInterface
public interface DynamicExpander {
  WorkflowSpec expand(Object[] inputs) throws Exception;
}
