package dev.sluice.core.model;

import java.lang.reflect.Type;
import java.util.List;

/**
 * A node whose sub-DAG is built at run time, when its input values are known (Flyte's dynamic
 * workflow). The expander returns a workflow spec with no input (its input type is {@code Void});
 * the engine runs it as a sub-workflow and the node's output is that workflow's output.
 */
public record DynamicNode(
    String id, List<Binding> inputs, Type outputType, DynamicExpander expander)
    implements NodeSpec {

  public DynamicNode {
    Names.requireIdentifier(id, "node id");
    java.util.Objects.requireNonNull(expander, "expander of dynamic node '" + id + "'");
    inputs = List.copyOf(inputs);
  }

  @Override
  public List<Binding> bindings() {
    return inputs;
  }

  @Override
  public String kind() {
    return "dynamic";
  }
}
