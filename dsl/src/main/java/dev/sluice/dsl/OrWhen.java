package dev.sluice.dsl;

import dev.sluice.core.model.WorkflowDefinition;
import java.util.function.Predicate;

/**
 * A further case of a branch, made by {@link Branch#orWhen}: {@code then(...)} names what runs when
 * this test holds and no earlier one did. Its arm must produce the branch's type (or a subtype).
 *
 * @param <R> the branch's output type
 */
public final class OrWhen<R> {
  private final Branch<R> branch;
  private final Value<?> subject;
  private final String description;
  private final Predicate<Object> test;
  private boolean used;

  OrWhen(Branch<R> branch, Value<?> subject, String description, Predicate<Object> test) {
    this.branch = branch;
    this.subject = subject;
    this.description = description;
    this.test = test;
  }

  /** Runs {@code task} when the test holds. */
  public Branch<R> then(Task0<? extends R> task) {
    return add(branch.owner.taskCall(task == null ? null : task.spec(), "branch arm", When.NONE));
  }

  /** Runs {@code task} on {@code a} when the test holds. */
  public <A> Branch<R> then(Task1<A, ? extends R> task, Value<? extends A> a) {
    return add(
        branch.owner.taskCall(task == null ? null : task.spec(), "branch arm", new Value<?>[] {a}));
  }

  /** Runs {@code task} on {@code a, b} when the test holds. */
  public <A, B> Branch<R> then(
      Task2<A, B, ? extends R> task, Value<? extends A> a, Value<? extends B> b) {
    return add(
        branch.owner.taskCall(
            task == null ? null : task.spec(), "branch arm", new Value<?>[] {a, b}));
  }

  /** Runs {@code task} on {@code a, b, c} when the test holds. */
  public <A, B, C> Branch<R> then(
      Task3<A, B, C, ? extends R> task,
      Value<? extends A> a,
      Value<? extends B> b,
      Value<? extends C> c) {
    return add(
        branch.owner.taskCall(
            task == null ? null : task.spec(), "branch arm", new Value<?>[] {a, b, c}));
  }

  /** Runs {@code task} on {@code a, b, c, d} when the test holds. */
  public <A, B, C, D> Branch<R> then(
      Task4<A, B, C, D, ? extends R> task,
      Value<? extends A> a,
      Value<? extends B> b,
      Value<? extends C> c,
      Value<? extends D> d) {
    return add(
        branch.owner.taskCall(
            task == null ? null : task.spec(), "branch arm", new Value<?>[] {a, b, c, d}));
  }

  /** Runs the workflow {@code workflow} on {@code input} when the test holds. */
  public <I> Branch<R> then(WorkflowDefinition<I, ? extends R> workflow, Value<? extends I> input) {
    return add(branch.owner.workflowCall(workflow, "branch arm", input));
  }

  /** Waits at {@code gate} when the test holds, once every value in {@code after} is ready. */
  public Branch<R> then(Gate<? extends R> gate, Value<?>... after) {
    return add(branch.owner.gateCall(When.gateName(branch.owner, gate), gate.spec(), after, "the branch arm gate"));
  }

  private Branch<R> add(NodeDraft arm) {
    branch.owner.checkOpen("add a case to branch '" + branch.draft.currentId() + "'");
    if (used) {
      throw new IllegalStateException(
          "workflow '" + branch.owner.workflow + "', branch '" + branch.draft.currentId()
              + "': then(...) was called twice on one orWhen(...). Fix: one orWhen(...) per case");
    }
    used = true;
    branch.draft.addCase(subject, description, test, arm);
    return branch;
  }
}
