package dev.sluice.core.model;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies a one-input task to every element of a list, or waits at one gate per element (a map of
 * approvals). Output: a list of the same length, in the same order, with {@code null} where an
 * element failed for good.
 *
 * @param task the task applied to each element; null when {@code gate} is present
 * @param concurrency at most this many elements run at once; 0 means no limit
 * @param minSuccessRatio the node fails unless at least this fraction of elements succeeded, in
 *     [0, 1]; 1 (the default) means every element must succeed
 * @param gate the gate each element waits at instead of a task (its element's path, {@code
 *     node[k]}, names it to a signal); empty for a map of a task
 */
public record MapNode(
    String id, TaskSpec task, Binding items, int concurrency, double minSuccessRatio, Optional<GateSpec> gate)
    implements NodeSpec {

  public MapNode {
    Names.requireIdentifier(id, "node id");
    Objects.requireNonNull(items, "items binding of map node '" + id + "'");
    Objects.requireNonNull(gate, "gate of map node '" + id + "' (use Optional.empty())");
    if ((task == null) == gate.isEmpty()) {
      throw new IllegalArgumentException(
          "map node '" + id + "' needs exactly one of a task or a gate, got " + (task == null ? "neither" : "both"));
    }
  }

  /** A map of a task. */
  public MapNode(String id, TaskSpec task, Binding items, int concurrency, double minSuccessRatio) {
    this(id, Objects.requireNonNull(task, "task of map node '" + id + "'"), items, concurrency, minSuccessRatio,
        Optional.empty());
  }

  /** A map of gates: each element waits at its own {@code gate} (node path {@code id[k]}). */
  public static MapNode ofGate(String id, GateSpec gate, Binding items, int concurrency, double minSuccessRatio) {
    return new MapNode(id, null, items, concurrency, minSuccessRatio,
        Optional.of(Objects.requireNonNull(gate, "gate of map node '" + id + "'")));
  }

  /** Whether each element waits at a gate rather than calling a task. */
  public boolean isGateMap() {
    return gate.isPresent();
  }

  @Override
  public List<Binding> bindings() {
    return List.of(items);
  }

  @Override
  public Type outputType() {
    return Types.listOf(gate.isPresent() ? gate.get().payloadType() : task.output());
  }

  @Override
  public String kind() {
    return "map";
  }
}
