package dev.sluice.core.model;

import java.lang.reflect.Type;
import java.util.List;

/** A call of a task with one binding per task input, in declaration order. */
public record TaskNode(String id, TaskSpec task, List<Binding> inputs) implements NodeSpec {
  public TaskNode {
    Names.requireIdentifier(id, "node id");
    java.util.Objects.requireNonNull(task, "task of node '" + id + "'");
    inputs = List.copyOf(inputs);
  }

  @Override
  public List<Binding> bindings() {
    return inputs;
  }

  @Override
  public Type outputType() {
    return task.output();
  }

  @Override
  public String kind() {
    return "task";
  }
}
