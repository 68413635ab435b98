package dev.sluice.core.internal.model;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.BranchCase;
import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.GateNode;
import dev.sluice.core.model.GateSpec;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.Types;

/**
 * Renders a spec as a Mermaid flowchart: one shape per node kind, an edge per dependency, the
 * workflow input and output as stadiums.
 */
final class SpecMermaid {
  private SpecMermaid() {}

  static String render(CompiledWorkflow spec) {
    StringBuilder sb = new StringBuilder(64 + spec.size() * 48);
    sb.append("flowchart TD\n");
    sb.append("  input([\"input: ").append(escape(Types.describe(spec.inputType()))).append("\"])\n");
    for (int i = 0; i < spec.size(); i++) {
      NodeSpec node = spec.nodeAt(i);
      sb.append("  n").append(i).append(shape(node)).append('\n');
      if (readsInput(node)) {
        sb.append("  input --> n").append(i).append('\n');
      }
    }
    for (int i = 0; i < spec.size(); i++) {
      for (int child : spec.children(i)) {
        sb.append("  n").append(i).append(" --> n").append(child).append('\n');
      }
    }
    sb.append("  output([\"output: ").append(escape(Types.describe(spec.outputType()))).append("\"])\n");
    int out = spec.outputSource();
    if (out >= 0 || out == CompiledWorkflow.SOURCE_INPUT) { // a literal output has no edge
      sb.append("  ").append(out >= 0 ? "n" + out : "input").append(" --> output\n");
    }
    return sb.toString();
  }

  private static boolean readsInput(NodeSpec node) {
    for (Binding b : node.bindings()) {
      if (b instanceof Binding.WorkflowInput) {
        return true;
      }
    }
    return false;
  }

  private static String shape(NodeSpec node) {
    String id = escape(node.id());
    if (node instanceof TaskNode t) {
      String label = t.task().name().equals(node.id()) ? id : id + "<br/>" + escape(t.task().name());
      return "[\"" + label + "\"]";
    }
    if (node instanceof SubWorkflowNode s) {
      return "[[\"" + id + "<br/>workflow " + escape(s.workflow().name()) + "\"]]";
    }
    if (node instanceof MapNode m) {
      String body = m.gate().map(GateSpec::describe).orElseGet(() -> m.task().name());
      return "[/\"" + id + "<br/>map " + escape(body) + "\"/]";
    }
    if (node instanceof BranchNode b) {
      StringBuilder label = new StringBuilder(id);
      for (BranchCase c : b.cases()) {
        label.append("<br/>").append(escape(c.condition().description())).append(" → ")
            .append(escape(c.then().id()));
      }
      b.otherwise().ifPresent(o -> label.append("<br/>else → ").append(escape(o.id())));
      return "{\"" + label + "\"}";
    }
    if (node instanceof GateNode g) {
      return "([\"" + id + "<br/>" + escape(g.gate().describe()) + "\"])";
    }
    return "{{\"" + id + "<br/>dynamic\"}}";
  }

  private static String escape(String s) {
    return s.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
  }
}
