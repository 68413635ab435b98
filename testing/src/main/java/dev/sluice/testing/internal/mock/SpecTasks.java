package dev.sluice.testing.internal.mock;

import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.WorkflowSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tasks a run of a spec may call, known before it starts: task and map nodes, branch arms,
 * sub-workflows and the on-failure task. Dynamic nodes build theirs at run time and are not here.
 */
final class SpecTasks {
  private SpecTasks() {}

  /** Task name to the path of the first node that calls it, in spec order. */
  static Map<String, String> of(WorkflowSpec spec) {
    Map<String, String> out = new LinkedHashMap<>();
    collect(spec, "", out);
    return out;
  }

  private static void collect(WorkflowSpec spec, String prefix, Map<String, String> out) {
    for (NodeSpec node : spec.nodes()) {
      visit(node, prefix, out);
    }
    spec.onFailure().ifPresent(t -> out.putIfAbsent(t.name(), prefix + "on-failure"));
  }

  private static void visit(NodeSpec node, String prefix, Map<String, String> out) {
    String path = prefix + node.id();
    if (node instanceof TaskNode t) {
      out.putIfAbsent(t.task().name(), path);
    } else if (node instanceof MapNode m && !m.isGateMap()) {
      out.putIfAbsent(m.task().name(), path);
    } else if (node instanceof SubWorkflowNode s) {
      collect(s.workflow(), path + "/", out);
    } else if (node instanceof BranchNode b) {
      for (NodeSpec arm : b.arms()) {
        visit(arm, path + "/", out);
      }
    }
  }
}
