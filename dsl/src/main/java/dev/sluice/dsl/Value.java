package dev.sluice.dsl;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.Types;
import java.lang.reflect.Type;

/**
 * A typed promise of a value in a workflow being defined: a node's output, the workflow's input or a
 * literal. Pass it to {@code wf.call(...)} and friends to wire the DAG; it has no value of its own
 * until the workflow runs.
 *
 * <p>A value belongs to the {@link WorkflowBuilder} that made it and cannot be used in another
 * workflow (nor, inside a dynamic body, in the sub-workflow being built).
 *
 * @param <T> the type of the value at run time
 */
public sealed class Value<T> permits MapValue, Branch {
  final Recorder owner;
  final Type type;
  /** The node this value is the output of, or null for the input or a literal. */
  final NodeDraft node;
  /** The binding of the input or a literal; null for a node output. */
  final Binding fixed;

  Value(Recorder owner, Type type, NodeDraft node, Binding fixed) {
    this.owner = owner;
    this.type = type;
    this.node = node;
    this.fixed = fixed;
  }

  /**
   * Gives the node this value comes from the id {@code id} instead of its default (the task's name,
   * deduplicated as {@code name-2}, ...). Allowed any time while the workflow is being defined, also
   * after the value was used. Fails for the workflow input and for literals, which are not nodes.
   */
  public Value<T> named(String id) {
    owner.rename(this, id);
    return this;
  }

  /** The value's type as the model sees it (erased when it was read from a lambda). */
  public Type type() {
    return type;
  }

  /** Where the node reads it from; node ids are final only once the body has returned. */
  Binding binding() {
    return node != null ? Binding.output(node.id) : fixed;
  }

  /** "node 'train'", "the workflow input" or "the literal 3", for messages. */
  String describe() {
    if (node != null) {
      return "node '" + node.currentId() + "'";
    }
    if (fixed instanceof Binding.Literal lit) {
      return "the literal " + lit.value();
    }
    return "the workflow input";
  }

  @Override
  public String toString() {
    return "Value[" + describe() + " of workflow '" + owner.workflow + "': " + Types.describe(type) + "]";
  }
}
