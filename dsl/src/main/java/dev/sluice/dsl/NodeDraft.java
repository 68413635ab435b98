package dev.sluice.dsl;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.DynamicNode;
import dev.sluice.core.model.GateNode;
import dev.sluice.core.model.GateSpec;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.lang.reflect.Type;
import java.util.List;

/**
 * A node as recorded while a workflow body runs: what it calls and the {@link Value}s it reads. Ids
 * and bindings are resolved only in {@link #build()}, when the body has returned, so a node can be
 * renamed after its value was used.
 */
abstract class NodeDraft {
  /** The default id before deduplication: a task or workflow name, "map-task", "branch". */
  final String base;
  /** The deduplicated default id, given when the node is recorded. */
  String autoId;
  /** The id from {@link Value#named}, if any; wins over the default. */
  String explicitId;
  /** The final id, set just before {@link #build()}. */
  String id;

  NodeDraft(String base) {
    this.base = base;
  }

  /** The id as it stands now, for messages. */
  final String currentId() {
    return explicitId != null ? explicitId : autoId;
  }

  /** The node spec, bindings resolved; {@link #id} must be set. */
  abstract NodeSpec build();

  static List<Binding> bindings(Value<?>[] values) {
    switch (values.length) {
      case 0:
        return List.of();
      case 1:
        return List.of(values[0].binding());
      case 2:
        return List.of(values[0].binding(), values[1].binding());
      default:
        Binding[] out = new Binding[values.length];
        for (int i = 0; i < values.length; i++) {
          out[i] = values[i].binding();
        }
        return List.of(out);
    }
  }

  /** A call of a task; also a branch arm. */
  static final class TaskCall extends NodeDraft {
    final TaskSpec task;
    final Value<?>[] args;

    TaskCall(TaskSpec task, Value<?>[] args) {
      super(task.name());
      this.task = task;
      this.args = args;
    }

    @Override
    NodeSpec build() {
      return new TaskNode(id, task, bindings(args));
    }
  }

  /** A call of another workflow; also a branch arm. */
  static final class WorkflowCall extends NodeDraft {
    final WorkflowSpec workflow;
    final Value<?> input;

    WorkflowCall(WorkflowSpec workflow, Value<?> input) {
      super(workflow.name());
      this.workflow = workflow;
      this.input = input;
    }

    @Override
    NodeSpec build() {
      return new SubWorkflowNode(id, workflow, input.binding());
    }
  }

  /** A one-input task applied to every element of a list, or one gate per element. */
  static final class MapCall extends NodeDraft {
    final TaskSpec task;
    final GateSpec gate;
    final Value<?> items;
    int concurrency;
    double minSuccessRatio = 1;

    /** Exactly one of {@code task} and {@code gate}. */
    MapCall(String base, TaskSpec task, GateSpec gate, Value<?> items) {
      super(base);
      this.task = task;
      this.gate = gate;
      this.items = items;
    }

    @Override
    NodeSpec build() {
      return gate != null
          ? MapNode.ofGate(id, gate, items.binding(), concurrency, minSuccessRatio)
          : new MapNode(id, task, items.binding(), concurrency, minSuccessRatio);
    }
  }

  /** A node whose sub-workflow the body builds at run time, named {@code <workflow>.<id>}. */
  static final class Dynamic extends NodeDraft {
    final String workflow;
    final Type output;
    final Value<?>[] inputs;
    final DynamicBody1<Object, ?> body;

    Dynamic(String id, String workflow, Type output, Value<?>[] inputs, DynamicBody1<Object, ?> body) {
      super(id);
      this.workflow = workflow;
      this.output = output;
      this.inputs = inputs;
      this.body = body;
    }

    @Override
    NodeSpec build() {
      String name = workflow + "." + id;
      Type out = output;
      DynamicBody1<Object, ?> b = body;
      return new DynamicNode(
          id,
          bindings(inputs),
          output,
          values -> Recorder.expand(name, out, b, values.length > 0 ? values[0] : null));
    }
  }

  /** A gate: a sleep or a wait for a signal, after the values it is ordered after; also a branch arm. */
  static final class GateCall extends NodeDraft {
    final GateSpec gate;
    final Value<?>[] after;

    GateCall(String base, GateSpec gate, Value<?>[] after) {
      super(base);
      this.gate = gate;
      this.after = after;
    }

    @Override
    NodeSpec build() {
      return new GateNode(id, gate, bindings(after));
    }
  }
}
