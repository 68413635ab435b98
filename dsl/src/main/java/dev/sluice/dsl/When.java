package dev.sluice.dsl;

import dev.sluice.core.model.WorkflowDefinition;
import java.util.function.Predicate;

/**
 * The first case of a branch, made by {@code wf.when(subject, test)}: {@code then(...)} names the
 * task, workflow or gate that runs when the test holds, records the branch node and returns it as a
 * {@link Branch}, to which more cases and an otherwise arm can be added.
 */
public final class When {
  static final Value<?>[] NONE = new Value<?>[0];

  private final Recorder owner;
  private final Value<?> subject;
  private final String description;
  private final Predicate<Object> test;
  private boolean used;

  When(Recorder owner, Value<?> subject, String description, Predicate<Object> test) {
    this.owner = owner;
    this.subject = subject;
    this.description = description;
    this.test = test;
  }

  /** Runs {@code task} when the test holds. */
  public <R> Branch<R> then(Task0<R> task) {
    return start(owner.taskCall(task == null ? null : task.spec(), "branch arm", NONE));
  }

  /** Runs {@code task} on {@code a} when the test holds. */
  public <A, R> Branch<R> then(Task1<A, R> task, Value<? extends A> a) {
    return start(owner.taskCall(task == null ? null : task.spec(), "branch arm", new Value<?>[] {a}));
  }

  /** Runs {@code task} on {@code a, b} when the test holds. */
  public <A, B, R> Branch<R> then(Task2<A, B, R> task, Value<? extends A> a, Value<? extends B> b) {
    return start(
        owner.taskCall(task == null ? null : task.spec(), "branch arm", new Value<?>[] {a, b}));
  }

  /** Runs {@code task} on {@code a, b, c} when the test holds. */
  public <A, B, C, R> Branch<R> then(
      Task3<A, B, C, R> task, Value<? extends A> a, Value<? extends B> b, Value<? extends C> c) {
    return start(
        owner.taskCall(task == null ? null : task.spec(), "branch arm", new Value<?>[] {a, b, c}));
  }

  /** Runs {@code task} on {@code a, b, c, d} when the test holds. */
  public <A, B, C, D, R> Branch<R> then(
      Task4<A, B, C, D, R> task,
      Value<? extends A> a,
      Value<? extends B> b,
      Value<? extends C> c,
      Value<? extends D> d) {
    return start(
        owner.taskCall(
            task == null ? null : task.spec(), "branch arm", new Value<?>[] {a, b, c, d}));
  }

  /** Runs the workflow {@code workflow} on {@code input} when the test holds. */
  public <I, R> Branch<R> then(WorkflowDefinition<I, R> workflow, Value<? extends I> input) {
    return start(owner.workflowCall(workflow, "branch arm", input));
  }

  /**
   * Waits at {@code gate} when the test holds, once every value in {@code after} is ready; the
   * branch's output is the gate's payload. The gate's path is {@code <branch>/<signal>}.
   */
  public <R> Branch<R> then(Gate<R> gate, Value<?>... after) {
    return start(owner.gateCall(gateName(owner, gate), gate.spec(), after, "the branch arm gate"));
  }

  static String gateName(Recorder owner, Gate<?> gate) {
    if (gate == null) {
      throw new IllegalArgumentException(
          "workflow '" + owner.workflow + "': a branch arm gate is null. Fix: pass a Gate, e.g. Gate.approval(\"promote\")");
    }
    return gate.name();
  }

  private <R> Branch<R> start(NodeDraft arm) {
    owner.checkOpen("add a branch");
    if (used) {
      throw new IllegalStateException(
          "workflow '" + owner.workflow + "': then(...) was called twice on one when(...). Fix: add"
              + " further cases with orWhen(...) on the branch the first then(...) returned");
    }
    used = true;
    BranchDraft branch =
        new BranchDraft(
            owner,
            arm instanceof NodeDraft.TaskCall t
                ? t.task.output()
                : arm instanceof NodeDraft.GateCall g
                    ? g.gate.payloadType()
                    : ((NodeDraft.WorkflowCall) arm).workflow.outputType());
    branch.addCase(subject, description, test, arm);
    owner.register(branch);
    return new Branch<>(owner, branch);
  }
}
