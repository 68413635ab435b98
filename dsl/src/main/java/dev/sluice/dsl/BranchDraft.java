package dev.sluice.dsl;

import dev.sluice.core.model.BranchCase;
import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.Condition;
import dev.sluice.core.model.NodeSpec;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A branch as recorded: its cases in order and its otherwise arm. Arms are task or workflow calls
 * or gates whose ids are unique within the branch (the task's name, then {@code name-2}, ...).
 */
final class BranchDraft extends NodeDraft {
  private final Recorder owner;
  final Type outputType;
  private final List<Case> cases = new ArrayList<>(4);
  private NodeDraft otherwise;
  private final Set<String> armIds = new HashSet<>();

  private record Case(Value<?> subject, String description, Predicate<Object> test, NodeDraft arm) {}

  BranchDraft(Recorder owner, Type outputType) {
    super("branch");
    this.owner = owner;
    this.outputType = outputType;
  }

  /** Appends a case; a null description becomes {@code "case N"}. */
  void addCase(Value<?> subject, String description, Predicate<Object> test, NodeDraft arm) {
    if (otherwise != null) {
      throw new IllegalStateException(
          "workflow '" + owner.workflow + "', branch '" + currentId()
              + "': a case was added after otherwise(...). Fix: add every orWhen(...) case before"
              + " otherwise(...)");
    }
    nameArm(arm);
    String d = description != null ? description : "case " + (cases.size() + 1);
    cases.add(new Case(subject, d, test, arm));
  }

  void setOtherwise(NodeDraft arm) {
    if (otherwise != null) {
      throw new IllegalStateException(
          "workflow '" + owner.workflow + "', branch '" + currentId()
              + "': otherwise(...) was given twice. Fix: a branch has one otherwise arm");
    }
    nameArm(arm);
    otherwise = arm;
  }

  private void nameArm(NodeDraft arm) {
    String id = arm.base;
    for (int n = 2; !armIds.add(id); n++) {
      id = arm.base + "-" + n;
    }
    arm.autoId = id;
    arm.id = id;
  }

  @Override
  NodeSpec build() {
    List<BranchCase> built = new ArrayList<>(cases.size());
    for (Case c : cases) {
      built.add(
          new BranchCase(c.subject.binding(), new Condition(c.description, c.test), c.arm.build()));
    }
    return new BranchNode(
        id, built, otherwise == null ? Optional.empty() : Optional.of(otherwise.build()), outputType);
  }
}
