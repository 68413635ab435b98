package dev.sluice.core.model;

import java.lang.reflect.Type;
import java.util.List;

/** A call of another workflow with its input bound; its output is the sub-workflow's output. */
public record SubWorkflowNode(String id, WorkflowSpec workflow, Binding input) implements NodeSpec {
  public SubWorkflowNode {
    Names.requireIdentifier(id, "node id");
    java.util.Objects.requireNonNull(workflow, "workflow of node '" + id + "'");
    java.util.Objects.requireNonNull(input, "input binding of node '" + id + "'");
  }

  @Override
  public List<Binding> bindings() {
    return List.of(input);
  }

  @Override
  public Type outputType() {
    return workflow.outputType();
  }

  @Override
  public String kind() {
    return "workflow";
  }
}
