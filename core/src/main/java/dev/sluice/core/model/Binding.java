package dev.sluice.core.model;

import java.lang.reflect.Type;
import java.util.Objects;

/** Where a node input's value comes from: the workflow's input, a literal, or an upstream node. */
public sealed interface Binding {

  /** The workflow's input value. */
  Binding INPUT = new WorkflowInput();

  static Binding output(String nodeId) {
    return new NodeOutput(nodeId);
  }

  static Binding literal(Object value, Type type) {
    return new Literal(value, type);
  }

  /** The value of the workflow's (single, typed) input. */
  record WorkflowInput() implements Binding {}

  /** A constant fixed when the workflow was defined. */
  record Literal(Object value, Type type) implements Binding {
    public Literal {
      Objects.requireNonNull(type, "literal type");
    }
  }

  /** The output of an upstream node of the same workflow. */
  record NodeOutput(String nodeId) implements Binding {
    public NodeOutput {
      Objects.requireNonNull(nodeId, "nodeId");
    }
  }
}
