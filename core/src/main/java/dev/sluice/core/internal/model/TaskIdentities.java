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

  /** Where a task definition was met, put into words only when a message needs them. */
  @FunctionalInterface
  public interface Where {
    /** E.g. {@code workflow 'w', node 'n'}. */
    String describe();

    /** A place already in words. */
    static Where text(String words) {
      return () -> words;
    }
  }

  /** A task definition met somewhere: the spec and where it was met, for messages. */
  public record Met(TaskSpec task, Where where) {}

  /** What the caller does with each task it meets. */
  @FunctionalInterface
  public interface Visitor {
    void task(TaskSpec task, Where where);
  }

  /** A node of a (possibly nested) workflow, as {@code workflow 'w', node 'prefix/n'}. */
  private record NodeWhere(String workflow, String prefix, String nodeId) implements Where {
    @Override
    public String describe() {
      return "workflow '" + workflow + "', node '" + prefix + nodeId + "'";
    }
  }

  /** A node still to visit, inside workflow {@code workflow} under path {@code prefix}. */
  private record Pending(String workflow, String prefix, NodeSpec node) {}

  /**
   * Visits every task {@code nodes} call, in order, then those of nested nodes breadth first: task
   * and map nodes, branch arms, sub-workflows (with their on-failure task). {@code where} reads
   * {@code workflow 'w', node 'n'}; it is put into words only if the visitor asks (a workflow of
   * thousands of nodes is checked without a string per node).
   */
  public static void forEachTask(String workflow, Collection<NodeSpec> nodes, Visitor visitor) {
    Deque<Pending> nested = new ArrayDeque<>();
    for (NodeSpec node : nodes) {
      visit(workflow, "", node, visitor, nested);
    }
    for (Pending p = nested.pollFirst(); p != null; p = nested.pollFirst()) {
      visit(p.workflow(), p.prefix(), p.node(), visitor, nested);
    }
  }

  private static void visit(String wf, String prefix, NodeSpec node, Visitor visitor, Deque<Pending> nested) {
    if (node instanceof TaskNode t) {
      visitor.task(t.task(), new NodeWhere(wf, prefix, node.id()));
    } else if (node instanceof MapNode m && !m.isGateMap()) {
      visitor.task(m.task(), new NodeWhere(wf, prefix, node.id()));
    } else if (node instanceof BranchNode b) {
      for (NodeSpec arm : b.arms()) {
        nested.addLast(new Pending(wf, prefix, arm));
      }
    } else if (node instanceof SubWorkflowNode s) {
      WorkflowSpec sub = s.workflow();
      String inner = prefix + node.id() + "/";
      sub.onFailure().ifPresent(f -> visitor.task(f, onFailure(sub.name())));
      for (NodeSpec n : sub.nodes()) {
        nested.addLast(new Pending(sub.name(), inner, n));
      }
    }
  }

  /** A workflow's on-failure task, as {@code workflow 'w', on-failure}. */
  static Where onFailure(String workflow) {
    return () -> "workflow '" + workflow + "', on-failure";
  }

  /** Every task a workflow calls, its on-failure task included. */
  public static void forEachTask(WorkflowSpec spec, Visitor visitor) {
    spec.onFailure().ifPresent(f -> visitor.task(f, onFailure(spec.name())));
    forEachTask(spec.name(), spec.nodes(), visitor);
  }

  /**
   * Records {@code task} met at {@code where} in {@code seen} (by name); returns the problem (no
   * fix: see {@link #FIX}, {@link #withFix}) if another body was met under its name, else empty.
   */
  public static Optional<String> meet(Map<String, Met> seen, TaskSpec task, Where where) {
    Met first = seen.get(task.name());
    if (first == null) {
      first = seen.putIfAbsent(task.name(), new Met(task, where));
    }
    if (first == null || first.task() == task || first.task().body().id().sameCode(task.body().id())) {
      return Optional.empty();
    }
    return Optional.of(conflict(task.name(), first, new Met(task, where)));
  }

  /** The problem of two different bodies under one name, naming both. */
  public static String conflict(String name, Met first, Met second) {
    return "two different tasks are named '" + name + "': " + first.where().describe() + " calls "
        + first.task().body().id().describe() + " and " + second.where().describe() + " calls "
        + second.task().body().id().describe();
  }

  /** {@code problem}, then the fix. */
  public static String withFix(String problem) {
    return problem + ". Fix: " + FIX;
  }
}
