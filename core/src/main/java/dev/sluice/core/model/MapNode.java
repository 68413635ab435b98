package dev.sluice.core.model;

import java.lang.reflect.Type;
import java.util.List;

/**
 * Applies a one-input task to every element of a list. Output: a list of the same length, in the
 * same order, with {@code null} where an element failed for good.
 *
 * @param concurrency at most this many elements run at once; 0 means no limit
 * @param minSuccessRatio the node fails unless at least this fraction of elements succeeded, in
 *     [0, 1]; 1 (the default) means every element must succeed
 */
public record MapNode(
    String id, TaskSpec task, Binding items, int concurrency, double minSuccessRatio)
    implements NodeSpec {

  public MapNode {
    Names.requireIdentifier(id, "node id");
    java.util.Objects.requireNonNull(task, "task of map node '" + id + "'");
    java.util.Objects.requireNonNull(items, "items binding of map node '" + id + "'");
  }

  @Override
  public List<Binding> bindings() {
    return List.of(items);
  }

  @Override
  public Type outputType() {
    return Types.listOf(task.output());
  }

  @Override
  public String kind() {
    return "map";
  }
}
