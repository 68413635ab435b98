package dev.sluice.core.internal.model;

import dev.sluice.core.model.BodyId;
import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * Where task definitions meet — one workflow, one engine, one task catalog — two bodies under one
 * task name are an error: a name alone does not identify a task ({@link BodyId}).
 */
public final class TaskIdentities {
  /** The fix every conflict message ends with. */
  public static final String FIX =
      "give each task its own name (Task.named(...)); if they are one task, define it once and call"
          + " that definition (or, if both compute the same, declare one .bodyId(...) for both)";

  private TaskIdentities() {}

  /** A task definition met somewhere: the spec and where it was met, for messages. */
  public record Met(TaskSpec task, String where) {}

  /** What the caller does with each task it meets. */
  @FunctionalInterface
  public interface Visitor {
    void task(TaskSpec task, String where);
  }

  /**
   * Visits every task {@code nodes} call, depth first, in order: task and map nodes, branch arms,
   * sub-workflows (with their on-failure task). {@code where} reads {@code workflow 'w', node 'n'}.
   */
  public static void forEachTask(String workflow, Collection<NodeSpec> nodes, Visitor visitor) {
    Deque<Object[]> work = new ArrayDeque<>(); // {workflow name, path prefix, node}
    nodes.forEach(n -> work.addLast(new Object[] {workflow, "", n}));
    while (!work.isEmpty()) {
      Object[] item = work.pollFirst();
      String wf = (String) item[0];
      String prefix = (String) item[1];
      NodeSpec node = (NodeSpec) item[2];
      String where = "workflow '" + wf + "', node '" + prefix + node.id() + "'";
      if (node instanceof TaskNode t) {
        visitor.task(t.task(), where);
      } else if (node instanceof MapNode m && !m.isGateMap()) {
        visitor.task(m.task(), where);
      } else if (node instanceof BranchNode b) {
        for (NodeSpec arm : b.arms()) {
          work.addLast(new Object[] {wf, prefix, arm});
        }
      } else if (node instanceof SubWorkflowNode s) {
        WorkflowSpec sub = s.workflow();
        String inner = prefix + node.id() + "/";
        sub.onFailure().ifPresent(f -> visitor.task(f, "workflow '" + sub.name() + "', on-failure"));
        for (NodeSpec n : sub.nodes()) {
          work.addLast(new Object[] {sub.name(), inner, n});
        }
      }
    }
  }

  /** Every task a workflow calls, its on-failure task included. */
  public static void forEachTask(WorkflowSpec spec, Visitor visitor) {
    spec.onFailure().ifPresent(f -> visitor.task(f, "workflow '" + spec.name() + "', on-failure"));
    forEachTask(spec.name(), spec.nodes(), visitor);
  }

  /**
   * Records {@code task} met at {@code where} in {@code seen} (by name); returns the problem (no
   * fix: see {@link #FIX}, {@link #withFix}) if another body was met under its name, else empty.
   */
  public static Optional<String> meet(Map<String, Met> seen, TaskSpec task, String where) {
    Met first = seen.putIfAbsent(task.name(), new Met(task, where));
    if (first == null || first.task() == task || first.task().body().id().sameCode(task.body().id())) {
      return Optional.empty();
    }
    return Optional.of(conflict(task.name(), first, new Met(task, where)));
  }

  /** The problem of two different bodies under one name, naming both. */
  public static String conflict(String name, Met first, Met second) {
    return "two different tasks are named '" + name + "': " + first.where() + " calls "
        + first.task().body().id().describe() + " and " + second.where() + " calls "
        + second.task().body().id().describe();
  }

  /** {@code problem}, then the fix. */
  public static String withFix(String problem) {
    return problem + ". Fix: " + FIX;
  }
}
