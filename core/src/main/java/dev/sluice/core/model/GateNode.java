package dev.sluice.core.model;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;

/**
 * A node that waits: for a duration, an instant, or a signal from outside the run (see {@link
 * GateSpec}). It starts once every node in {@code after} has ended with an output, and its output
 * is the signal's payload (or the instant a sleep woke up), read downstream like any output.
 */
public record GateNode(String id, GateSpec gate, List<Binding> after) implements NodeSpec {
  public GateNode {
    Names.requireIdentifier(id, "node id");
    Objects.requireNonNull(gate, "gate of node '" + id + "'");
    after = List.copyOf(after);
  }

  @Override
  public List<Binding> bindings() {
    return after;
  }

  @Override
  public Type outputType() {
    return gate.payloadType();
  }

  @Override
  public String kind() {
    return "gate";
  }
}
