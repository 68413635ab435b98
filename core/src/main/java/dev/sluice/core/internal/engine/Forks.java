package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.ForkOptions;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.internal.model.CompiledWorkflow;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.model.BranchCase;
import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.GateNode;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.Placement;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code engine.fork}: a new run of an ended run that reuses the journaled output of every node
 * upstream of a chosen node, runs that node and everything downstream of it again, with the input,
 * some node outputs or some tasks' executors replaced. Its journal names the run it forks.
 */
final class Forks {
  private final DefaultEngine engine;
  private final Durability durability;
  private final Resumptions resumptions;

  Forks(DefaultEngine engine, Durability durability, Resumptions resumptions) {
    this.engine = engine;
    this.durability = durability;
    this.resumptions = resumptions;
  }

  RunHandle<Object> fork(String runId, ForkOptions options) {
    RunHistory history = resumptions.history(runId);
    if (history.state() == RunState.RUNNING) {
      throw new IllegalStateException("run " + runId + " has not ended; fork starts from a run that succeeded, failed"
          + " or was cancelled. Fix: wait for it, cancel it, or resume it");
    }
    CompiledWorkflow journaled = resumptions.spec(history, options.resume(), "fork");
    NodeSpec from = journaled.node(options.fromNode()).orElseThrow(() -> new IllegalArgumentException(
        "cannot fork run " + runId + " from node '" + options.fromNode() + "': workflow '" + journaled.name()
            + "' has no such top-level node (its nodes: " + journaled.nodes().stream().map(NodeSpec::id).toList() + ")"));
    Set<String> rerun = downstreamOf(journaled, from.id());
    CompiledWorkflow spec = withExecutors(journaled, options.executors());
    Object input = options.input().isPresent()
        ? options.input().get()
        : durability.decode(history.start().inputJson(), spec.inputType(), "the journaled input of run " + runId);
    engine.runnable(spec, input);
    String inputJson = options.input().isPresent() ? durability.encodeInput(spec, input) : history.start().inputJson();

    Map<String, NodeHistory> past = new ConcurrentHashMap<>();
    for (NodeHistory n : history.nodes()) {
      if (n.state().hasOutput() && n.outputJson().isPresent() && !rerun.contains(topLevel(n.path()))) {
        past.put(n.path(), n);
      }
    }
    options.outputs().forEach((node, value) -> past.put(node, overridden(spec, node, value)));
    return engine.launch(
        spec, input, spec.failurePolicy(), history.start().labels(), options.resume().listeners(),
        new Run.Life(null, null, past),
        run -> durability.openNew(run, spec, inputJson, Origin.fork(runId), Optional.of(runId)));
  }

  /** {@code node} and every node downstream of it. */
  private static Set<String> downstreamOf(WorkflowSpec spec, String node) {
    Set<String> out = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(node));
    while (!todo.isEmpty()) {
      String id = todo.pop();
      if (out.add(id)) {
        todo.addAll(spec.downstream(id));
      }
    }
    return out;
  }

  /** The top-level node a path lies under: {@code tune/fit} → tune, {@code scores[3]} → scores. */
  private static String topLevel(String path) {
    int end = path.length();
    int slash = path.indexOf('/');
    int bracket = path.indexOf('[');
    if (slash >= 0) {
      end = slash;
    }
    if (bracket >= 0 && bracket < end) {
      end = bracket;
    }
    return path.substring(0, end);
  }

  /** An output given for a top-level task or gate node, as if an earlier life had journaled it. */
  private NodeHistory overridden(CompiledWorkflow spec, String node, Object value) {
    NodeSpec n = spec.node(node).orElseThrow(() -> new IllegalArgumentException(
        "fork: no top-level node '" + node + "' to give an output to in workflow '" + spec.name() + "'"));
    if (!(n instanceof TaskNode) && !(n instanceof GateNode)) {
      throw new IllegalArgumentException("fork: node '" + node + "' is a " + n.kind() + " node; outputs can be given"
          + " to task and gate nodes only. Fix: give the outputs of the tasks inside it, or fork from a later node");
    }
    if (!Types.rawType(n.outputType()).isInstance(value)) {
      throw new IllegalArgumentException("fork: node '" + node + "' returns " + Types.describe(n.outputType())
          + ", not a " + value.getClass().getName());
    }
    return new NodeHistory(node, n.kind(), NodeState.SUCCEEDED, 0, 0, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(durability.encode(value, n.outputType())));
  }

  /**
   * The spec with the tasks {@code executors} names placed on their executor, at any depth: a key
   * is a node path ({@code d}, {@code tune/fit}, {@code branch/deploy}, a map node) or a task name
   * (every call of that task); a path wins over a name.
   */
  private static CompiledWorkflow withExecutors(CompiledWorkflow spec, Map<String, String> executors) {
    if (executors.isEmpty()) {
      return spec;
    }
    Set<String> used = new HashSet<>();
    WorkflowSpec placed = placeIn(spec, "", executors, used);
    Set<String> unknown = new HashSet<>(executors.keySet());
    unknown.removeAll(used);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("fork: workflow '" + spec.name() + "' calls no task " + unknown
          + " and has no task or map node at that path. Fix: name a task, or a node path such as 'train'"
          + " or 'tune/fit' (sub-workflow and branch arm nodes too)");
    }
    return (CompiledWorkflow) placed;
  }

  /** {@code spec}, rebuilt if a node in it (at {@code prefix}) moves to another executor. */
  private static WorkflowSpec placeIn(WorkflowSpec spec, String prefix, Map<String, String> executors, Set<String> used) {
    List<NodeSpec> nodes = new ArrayList<>();
    boolean changed = false;
    for (NodeSpec node : spec.nodes()) {
      NodeSpec moved = placeNode(node, prefix, executors, used);
      changed |= moved != node;
      nodes.add(moved);
    }
    if (!changed) {
      return spec;
    }
    WorkflowSpec.Builder b = WorkflowSpec.builder(spec.name(), spec.inputType()).version(spec.version())
        .failurePolicy(spec.failurePolicy());
    nodes.forEach(b::node);
    b.output(spec.output(), spec.outputType());
    spec.onFailure().ifPresent(b::onFailure);
    return b.build();
  }

  private static NodeSpec placeNode(NodeSpec node, String prefix, Map<String, String> executors, Set<String> used) {
    String path = prefix + node.id();
    if (node instanceof TaskNode t) {
      String executor = pick(path, t.task(), executors, used);
      return executor == null ? node : new TaskNode(t.id(), placed(t.task(), executor), t.inputs());
    }
    if (node instanceof MapNode m && !m.isGateMap()) {
      String executor = pick(path, m.task(), executors, used);
      return executor == null ? node
          : new MapNode(m.id(), placed(m.task(), executor), m.items(), m.concurrency(), m.minSuccessRatio());
    }
    if (node instanceof SubWorkflowNode s) {
      WorkflowSpec inner = placeIn(s.workflow(), path + "/", executors, used);
      return inner == s.workflow() ? node : new SubWorkflowNode(s.id(), inner, s.input());
    }
    if (node instanceof BranchNode b) {
      boolean changed = false;
      List<BranchCase> cases = new ArrayList<>();
      for (BranchCase c : b.cases()) {
        NodeSpec then = placeNode(c.then(), path + "/", executors, used);
        changed |= then != c.then();
        cases.add(then == c.then() ? c : new BranchCase(c.subject(), c.condition(), then));
      }
      Optional<NodeSpec> otherwise = b.otherwise().map(o -> placeNode(o, path + "/", executors, used));
      changed |= otherwise.isPresent() && otherwise.get() != b.otherwise().get();
      return changed ? new BranchNode(b.id(), cases, otherwise, b.outputType()) : node;
    }
    return node;
  }

  /** The executor for the task at {@code path}: by its path, else by its task's name; null: unchanged. */
  private static String pick(String path, TaskSpec task, Map<String, String> executors, Set<String> used) {
    if (executors.containsKey(path)) {
      used.add(path);
      return executors.get(path);
    }
    if (executors.containsKey(task.name())) {
      used.add(task.name());
      return executors.get(task.name());
    }
    return null;
  }

  private static TaskSpec placed(TaskSpec task, String executor) {
    Placement p = task.placement();
    return task.toBuilder()
        .placement(new Placement(executor, p.image(), p.nodeSelector(), p.tolerations(), p.environment()))
        .build();
  }
}
