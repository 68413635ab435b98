package dev.sluice.dsl;

import dev.sluice.core.model.WorkflowDefinition;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A branch node being defined, and its output: the output of whichever arm ran. Add cases with
 * {@link #orWhen} (tested in order after the first) and a fallback with {@code otherwise(...)}; when
 * no case holds and there is no otherwise arm, the branch and the nodes reading it are skipped.
 *
 * <pre>{@code
 * Value<String> decision = wf.when(acc, "accuracy >= 0.9", a -> a >= 0.9).then(deploy, model)
 *     .orWhen(acc, a -> a >= 0.5).then(retrain, model)
 *     .otherwise(alert, acc);
 * }</pre>
 *
 * <p>The branch node is recorded by the first {@code then(...)}; its default id is {@code branch}
 * ({@code branch-2}, ... for later ones).
 *
 * @param <R> the branch's output type, set by the first arm
 */
public final class Branch<R> extends Value<R> {
  final BranchDraft draft;

  Branch(Recorder owner, BranchDraft draft) {
    super(owner, draft.outputType, draft, null);
    this.draft = draft;
  }

  /** Adds a case tested when the earlier ones did not hold; described as {@code "case N"}. */
  public <S> OrWhen<R> orWhen(Value<S> subject, Predicate<? super S> test) {
    return new OrWhen<>(this, subject, null, condition(subject, null, test));
  }

  /** Adds a described case, e.g. {@code orWhen(acc, "accuracy >= 0.5", a -> a >= 0.5)}. */
  public <S> OrWhen<R> orWhen(Value<S> subject, String description, Predicate<? super S> test) {
    Objects.requireNonNull(description, "description (leave it out for the default \"case N\")");
    return new OrWhen<>(this, subject, description, condition(subject, description, test));
  }

  private Predicate<Object> condition(Value<?> subject, String description, Predicate<?> test) {
    return owner.condition(
        subject, description, test, "an orWhen(...) of branch '" + draft.currentId() + "'");
  }

  /** Runs {@code task} when no case holds. */
  public Value<R> otherwise(Task0<? extends R> task) {
    return setOtherwise(owner.taskCall(task == null ? null : task.spec(), "branch arm", When.NONE));
  }

  /** Runs {@code task} on {@code a} when no case holds. */
  public <A> Value<R> otherwise(Task1<A, ? extends R> task, Value<? extends A> a) {
    return setOtherwise(
        owner.taskCall(task == null ? null : task.spec(), "branch arm", new Value<?>[] {a}));
  }

  /** Runs {@code task} on {@code a, b} when no case holds. */
  public <A, B> Value<R> otherwise(
      Task2<A, B, ? extends R> task, Value<? extends A> a, Value<? extends B> b) {
    return setOtherwise(
        owner.taskCall(task == null ? null : task.spec(), "branch arm", new Value<?>[] {a, b}));
  }

  /** Runs {@code task} on {@code a, b, c} when no case holds. */
  public <A, B, C> Value<R> otherwise(
      Task3<A, B, C, ? extends R> task,
      Value<? extends A> a,
      Value<? extends B> b,
      Value<? extends C> c) {
    return setOtherwise(
        owner.taskCall(task == null ? null : task.spec(), "branch arm", new Value<?>[] {a, b, c}));
  }

  /** Runs {@code task} on {@code a, b, c, d} when no case holds. */
  public <A, B, C, D> Value<R> otherwise(
      Task4<A, B, C, D, ? extends R> task,
      Value<? extends A> a,
      Value<? extends B> b,
      Value<? extends C> c,
      Value<? extends D> d) {
    return setOtherwise(
        owner.taskCall(
            task == null ? null : task.spec(), "branch arm", new Value<?>[] {a, b, c, d}));
  }

  /** Runs the workflow {@code workflow} on {@code input} when no case holds. */
  public <I> Value<R> otherwise(
      WorkflowDefinition<I, ? extends R> workflow, Value<? extends I> input) {
    return setOtherwise(owner.workflowCall(workflow, "branch arm", input));
  }

  /** Waits at {@code gate} when no case holds, once every value in {@code after} is ready. */
  public Value<R> otherwise(Gate<? extends R> gate, Value<?>... after) {
    return setOtherwise(owner.gateCall(When.gateName(owner, gate), gate.spec(), after, "the branch arm gate"));
  }

  private Value<R> setOtherwise(NodeDraft arm) {
    owner.checkOpen("add an otherwise arm to branch '" + draft.currentId() + "'");
    draft.setOtherwise(arm);
    return this;
  }

  @Override
  public Branch<R> named(String id) {
    super.named(id);
    return this;
  }
}
