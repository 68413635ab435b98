package dev.sluice.core.model;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * If / else-if / else: the cases are tested in order and the first that holds runs its node; if
 * none holds, {@code otherwise} runs (when present). Nodes of the arms not taken are SKIPPED. The
 * branch's output is the output of the arm that ran; when no arm ran the branch itself is SKIPPED
 * and so are the nodes that read it.
 */
public record BranchNode(
    String id, List<BranchCase> cases, Optional<NodeSpec> otherwise, Type outputType)
    implements NodeSpec {

  public BranchNode {
    Names.requireIdentifier(id, "node id");
    cases = List.copyOf(cases);
    java.util.Objects.requireNonNull(otherwise, "otherwise of branch '" + id + "' (use Optional.empty())");
  }

  /** The arms' nodes in order: every case's node, then the otherwise node if any. */
  public List<NodeSpec> arms() {
    List<NodeSpec> arms = new ArrayList<>(cases.size() + 1);
    for (BranchCase c : cases) {
      arms.add(c.then());
    }
    otherwise.ifPresent(arms::add);
    return arms;
  }

  @Override
  public List<Binding> bindings() {
    List<Binding> all = new ArrayList<>();
    for (BranchCase c : cases) {
      all.add(c.subject());
    }
    for (NodeSpec arm : arms()) {
      all.addAll(arm.bindings());
    }
    return all;
  }

  @Override
  public String kind() {
    return "branch";
  }
}
