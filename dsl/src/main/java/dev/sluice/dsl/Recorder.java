package dev.sluice.dsl;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.FailurePolicy;
import dev.sluice.core.model.GateSpec;
import dev.sluice.core.model.Param;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The state behind one {@link WorkflowBuilder}: the nodes recorded so far, in call order, and the
 * workflow's options. Recording is O(1) per node (a counter per default id); ids and bindings are
 * resolved once, in {@link #build}, with no recursion.
 */
final class Recorder {
  final String workflow;
  final Type inputType;
  private final List<NodeDraft> nodes = new ArrayList<>();
  private final NodeIds ids = new NodeIds();
  private boolean built;
  String version = "1";
  FailurePolicy failurePolicy = FailurePolicy.FAIL_FAST;
  TaskSpec onFailure;

  Recorder(String workflow, Type inputType) {
    this.workflow = workflow;
    this.inputType = inputType;
  }

  /** Runs a dynamic body on a fresh, Void-input recorder and builds its spec. */
  static WorkflowSpec expand(String name, Type output, DynamicBody1<Object, ?> body, Object value)
      throws Exception {
    Recorder sub = new Recorder(name, Void.class);
    Value<?> out = body.define(new WorkflowBuilder(sub), value);
    return sub.build(out, output, "the dynamic body");
  }

  <T> Value<T> input() {
    return new Value<>(this, inputType, null, Binding.INPUT);
  }

  void checkOpen(String action) {
    if (built) {
      throw new IllegalStateException(
          "workflow '" + workflow + "' is already defined, so it cannot " + action
              + ". Fix: use the builder only inside the definition body (inside a dynamic body, use"
              + " the builder that body receives, not the outer one)");
    }
  }

  // ---- recording ------------------------------------------------------------------------------

  void register(NodeDraft draft) {
    draft.autoId = ids.next(draft.base);
    nodes.add(draft);
  }

  <R> Value<R> call(TaskSpec task, Value<?>... args) {
    checkOpen("call a task");
    NodeDraft.TaskCall draft = taskCall(task, "call", args);
    register(draft);
    return new Value<>(this, task.output(), draft, null);
  }

  /**
   * A task call, checked but not recorded (a branch arm is recorded by its branch).
   *
   * @param kind "call" or "branch arm", for messages
   */
  NodeDraft.TaskCall taskCall(TaskSpec task, String kind, Value<?>[] args) {
    if (task == null) {
      throw missing("task", kind);
    }
    for (int i = 0; i < args.length; i++) {
      if (!owns(args[i])) {
        throw misuse(
            args[i], "the " + kind + " of task '" + task.name() + "', input '" + inputName(task, i) + "'");
      }
    }
    return new NodeDraft.TaskCall(task, args);
  }

  <O> Value<O> callWorkflow(WorkflowDefinition<?, ?> definition, Value<?> input) {
    checkOpen("call a workflow");
    NodeDraft.WorkflowCall draft = workflowCall(definition, "call", input);
    register(draft);
    return new Value<>(this, draft.workflow.outputType(), draft, null);
  }

  /** A workflow call, checked but not recorded; {@code kind} as for {@link #taskCall}. */
  NodeDraft.WorkflowCall workflowCall(WorkflowDefinition<?, ?> definition, String kind, Value<?> input) {
    WorkflowSpec spec = definition == null ? null : definition.spec();
    if (spec == null) {
      throw missing("workflow", kind);
    }
    if (!owns(input)) {
      throw misuse(input, "the " + kind + " of workflow '" + spec.name() + "', its input");
    }
    return new NodeDraft.WorkflowCall(spec, input);
  }

  /** The input of a call of a Void-input workflow. */
  Value<Void> voidInput() {
    return new Value<>(this, Void.class, null, Binding.literal(null, Void.class));
  }

  <T> Value<T> literal(T value, Type type) {
    checkOpen("add a literal");
    return new Value<>(this, type, null, Binding.literal(value, type));
  }

  <R> MapValue<R> map(TaskSpec task, Value<?> items) {
    checkOpen("add a map");
    if (task == null) {
      throw missing("task", "map");
    }
    if (!owns(items)) {
      throw misuse(items, "the map of task '" + task.name() + "', its items");
    }
    NodeDraft.MapCall draft = new NodeDraft.MapCall("map-" + task.name(), task, null, items);
    register(draft);
    return new MapValue<>(this, Types.listOf(task.output()), draft);
  }

  <R> Value<R> dynamic(String id, Type output, Value<?>[] inputs, DynamicBody1<Object, ?> body) {
    checkOpen("add a dynamic node");
    if (!Ids.valid(id)) {
      throw new IllegalArgumentException(
          "workflow '" + workflow + "': the dynamic node id '" + id + "' is not valid. Fix: " + Ids.RULE);
    }
    if (output == null || body == null) {
      throw new IllegalArgumentException(
          "workflow '" + workflow + "', dynamic node '" + id + "': the "
              + (output == null ? "output class" : "body") + " is null. Fix: pass it");
    }
    for (Value<?> in : inputs) {
      if (!owns(in)) {
        throw misuse(in, "dynamic node '" + id + "', its input");
      }
    }
    NodeDraft.Dynamic draft = new NodeDraft.Dynamic(id, workflow, output, inputs, body);
    register(draft);
    return new Value<>(this, output, draft, null);
  }

  <R> Value<R> gate(String base, GateSpec gate, Value<?>[] after) {
    checkOpen("add a gate");
    NodeDraft.GateCall draft = gateCall(base, gate, after, "gate");
    register(draft);
    return new Value<>(this, gate.payloadType(), draft, null);
  }

  /** A gate, checked but not recorded (a branch arm is recorded by its branch); {@code kind} for messages. */
  NodeDraft.GateCall gateCall(String base, GateSpec gate, Value<?>[] after, String kind) {
    for (Value<?> v : after) {
      if (!owns(v)) {
        throw misuse(v, kind + " '" + base + "', a value it waits after");
      }
    }
    return new NodeDraft.GateCall(base, gate, after);
  }

  /** A map of gates: one gate per element of {@code items}. */
  <R> MapValue<R> mapGate(String signal, GateSpec gate, Value<?> items) {
    checkOpen("add a map");
    if (!owns(items)) {
      throw misuse(items, "the map of gate '" + signal + "', its items");
    }
    NodeDraft.MapCall draft = new NodeDraft.MapCall("map-" + signal, null, gate, items);
    register(draft);
    return new MapValue<>(this, Types.listOf(gate.payloadType()), draft);
  }

  /** Checks a branch condition's subject and test; {@code where} names the when/orWhen. */
  @SuppressWarnings("unchecked")
  Predicate<Object> condition(Value<?> subject, String description, Predicate<?> test, String where) {
    checkOpen("add a branch");
    if (!owns(subject)) {
      throw misuse(subject, where + ", its subject");
    }
    if (test == null) {
      throw new IllegalArgumentException(
          "workflow '" + workflow + "', " + where + ": the test is null. Fix: pass a predicate,"
              + " e.g. a -> a >= 0.9");
    }
    if (description != null && description.isBlank()) {
      throw new IllegalArgumentException(
          "workflow '" + workflow + "', " + where + ": the description is blank. Fix: describe the"
              + " test, e.g. \"accuracy >= 0.9\", or leave the description out");
    }
    return (Predicate<Object>) test;
  }

  void rename(Value<?> value, String id) {
    checkOpen("rename " + value.describe());
    if (value.node == null) {
      throw new IllegalStateException(
          "workflow '" + workflow + "': " + value.describe() + " cannot be named: it is not the output"
              + " of a node. Fix: name the node that reads it, or call a task and name that");
    }
    if (!Ids.valid(id)) {
      throw new IllegalArgumentException(
          "workflow '" + workflow + "', node '" + value.node.currentId() + "': the name '" + id
              + "' is not valid. Fix: " + Ids.RULE);
    }
    ids.named(value.node, id);
  }

  // ---- checks ---------------------------------------------------------------------------------

  boolean owns(Value<?> value) {
    return value != null && value.owner == this;
  }

  /** The error for a value that is null or belongs to another workflow. */
  IllegalArgumentException misuse(Value<?> value, String where) {
    if (value == null) {
      return new IllegalArgumentException(
          "workflow '" + workflow + "', " + where + ": the value is null. Fix: pass a Value made in"
              + " this workflow (by wf.call, wf.literal, wf.map, ... or the workflow's input)");
    }
    return new IllegalArgumentException(
        "workflow '" + workflow + "', " + where + ": " + value.describe() + " belongs to workflow '"
            + value.owner.workflow + "', and a value can only be used in the workflow that made it."
            + " Fix: pass it in as this workflow's input (inside a dynamic body: as the dynamic"
            + " node's input, which the body receives as a plain value)");
  }

  private IllegalArgumentException missing(String what, String kind) {
    return new IllegalArgumentException(
        "workflow '" + workflow + "': a " + kind + " got null instead of a " + what + ". Fix: if the " + what
            + " is a static field, define it above this workflow (static fields are initialised in"
            + " order, so a " + what + " defined below is still null here)");
  }

  private static String inputName(TaskSpec task, int i) {
    List<Param> inputs = task.inputs();
    return i < inputs.size() ? inputs.get(i).name() : "#" + i;
  }

  // ---- building -------------------------------------------------------------------------------

  /**
   * Resolves ids and bindings and compiles the spec; core's validation errors propagate unchanged.
   *
   * @param declaredOutput the output type, or null for the returned value's type
   */
  WorkflowSpec build(Value<?> out, Type declaredOutput, String body) {
    checkOpen("be defined twice");
    if (out == null) {
      throw new IllegalStateException(
          "workflow '" + workflow + "': " + body + " returned null. Fix: return the Value that is the"
              + " workflow's output, e.g. `return wf.call(task, input);`");
    }
    if (!owns(out)) {
      throw misuse(out, "the value " + body + " returned");
    }
    built = true;
    ids.assign(nodes);
    WorkflowSpec.Builder b =
        WorkflowSpec.builder(workflow, inputType).version(version).failurePolicy(failurePolicy);
    for (int i = 0, n = nodes.size(); i < n; i++) {
      b.node(nodes.get(i).build());
    }
    b.output(out.binding(), declaredOutput != null ? declaredOutput : out.type);
    if (onFailure != null) {
      b.onFailure(onFailure);
    }
    return b.build();
  }
}
