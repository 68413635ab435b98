package dev.sluice.core.model;

import java.util.Objects;

/**
 * One arm of a branch: if {@code condition} holds for the value of {@code subject}, {@code then}
 * runs. {@code then} is a task or sub-workflow call whose bindings read the enclosing workflow.
 */
public record BranchCase(Binding subject, Condition condition, NodeSpec then) {
  public BranchCase {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(then, "then");
  }
}
