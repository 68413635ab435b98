package dev.sluice.dsl;

import com.google.common.primitives.Primitives;
import dev.sluice.core.model.FailurePolicy;
import dev.sluice.core.model.RunFailure;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.GateSpec;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a workflow body receives (the {@code wf} in {@code (wf, input) -> ...}): each method records
 * a node of the DAG and returns a {@link Value} standing for its output. Valid only while the body
 * runs; {@link Workflow} builds the spec when the body returns.
 *
 * <p>A node's default id is what it calls (task or workflow name, {@code map-<task>}, {@code
 * branch}, the dynamic id), then {@code name-2}, {@code name-3}, ... for later ones; {@link
 * Value#named} overrides it.
 */
public final class WorkflowBuilder {
  private final Recorder owner;

  WorkflowBuilder(Recorder owner) {
    this.owner = owner;
  }

  /** The name of the workflow being defined. */
  public String name() {
    return owner.workflow;
  }

  /** Calls a task with no input. */
  public <R> Value<R> call(Task0<R> task) {
    return owner.call(task == null ? null : task.spec());
  }

  /** Calls a task on {@code a}. */
  public <A, R> Value<R> call(Task1<A, R> task, Value<? extends A> a) {
    return owner.call(task == null ? null : task.spec(), a);
  }

  /** Calls a task on {@code a, b}. */
  public <A, B, R> Value<R> call(Task2<A, B, R> task, Value<? extends A> a, Value<? extends B> b) {
    return owner.call(task == null ? null : task.spec(), a, b);
  }

  /** Calls a task on {@code a, b, c}. */
  public <A, B, C, R> Value<R> call(
      Task3<A, B, C, R> task, Value<? extends A> a, Value<? extends B> b, Value<? extends C> c) {
    return owner.call(task == null ? null : task.spec(), a, b, c);
  }

  /** Calls a task on {@code a, b, c, d}. */
  public <A, B, C, D, R> Value<R> call(
      Task4<A, B, C, D, R> task,
      Value<? extends A> a,
      Value<? extends B> b,
      Value<? extends C> c,
      Value<? extends D> d) {
    return owner.call(task == null ? null : task.spec(), a, b, c, d);
  }

  /** Calls another workflow as a sub-workflow node; its output is the sub-workflow's output. */
  public <I, O> Value<O> call(WorkflowDefinition<I, O> workflow, Value<? extends I> input) {
    return owner.callWorkflow(workflow, input);
  }

  /** Calls a workflow that takes no input ({@code Void}). */
  public <O> Value<O> call(WorkflowDefinition<Void, O> workflow) {
    return owner.callWorkflow(workflow, owner.voidInput());
  }

  /**
   * A constant, typed by its class ({@code List.of(1.0, 2.0)} is a {@code List<Double>}). For null,
   * or to type it yourself, use {@link #literal(Object, Class)}.
   */
  public <T> Value<T> literal(T value) {
    if (value == null) {
      throw new IllegalArgumentException(
          "workflow '" + owner.workflow + "': literal(null) has no type. Fix: use"
              + " wf.literal(null, TheType.class)");
    }
    return owner.literal(value, LiteralTypes.of(value));
  }

  /** A constant of a declared type; the value may be null. */
  public <T> Value<T> literal(T value, Class<T> type) {
    return literal(value, (Type) type);
  }

  /**
   * A constant of a declared, possibly generic, type (e.g. {@code Types.listOf(Double.class)}). The
   * compiler cannot check that {@code type} matches {@code T}; the workflow's validation checks the
   * value's class.
   */
  public <T> Value<T> literal(T value, Type type) {
    if (type == null) {
      throw new IllegalArgumentException(
          "workflow '" + owner.workflow + "': the type of literal " + value + " is null. Fix: pass"
              + " its class, e.g. wf.literal(value, String.class)");
    }
    return owner.literal(value, type instanceof Class<?> c ? Primitives.wrap(c) : type);
  }

  /**
   * Applies a one-input task to every element of {@code items}; the output lists the results in
   * order. Default id {@code map-<task>}; tune it with {@link MapValue#concurrency} and {@link
   * MapValue#minSuccessRatio}.
   */
  public <A, R> MapValue<R> map(Task1<A, R> task, Value<? extends List<? extends A>> items) {
    return owner.map(task == null ? null : task.spec(), items);
  }

  /**
   * A map of gates: one {@code gate} per element of {@code items}, each waiting at its own path
   * ({@code map-<signal>[k]}, or {@code <id>[k]} with {@link MapValue#named}) for its own signal,
   * and the list of their payloads, in item order. A map of approvals, one per candidate:
   *
   * <pre>{@code
   * MapValue<Approval> decisions = wf.map(Gate.approval("review").timeout(Duration.ofHours(8)), candidates)
   *     .named("reviews");
   * // engine.signal(runId, "reviews[1]", Approval.approve("ada", "ok"), "sig-1")
   * }</pre>
   *
   * <p>An element that fails (its timeout without a default, or a rejection with {@link
   * Gate#failOnReject()}) counts as a failed element: the map fails unless {@link
   * MapValue#minSuccessRatio} allows it, with {@code null} in its place. The gate does not read
   * the item; the item is shown with what the element waits for ({@code waitingGates}).
   */
  public <T> MapValue<T> map(Gate<T> gate, Value<? extends List<?>> items) {
    if (gate == null) {
      throw new IllegalArgumentException(
          "workflow '" + owner.workflow + "': map(null gate, items). Fix: pass a Gate, e.g. Gate.approval(\"review\")");
    }
    return owner.mapGate(gate.name(), gate.spec(), items);
  }

  /** Starts a branch whose first case holds when {@code test} accepts {@code subject}. */
  public <S> When when(Value<S> subject, Predicate<? super S> test) {
    return new When(owner, subject, null, owner.condition(subject, null, test, "a when(...)"));
  }

  /** Starts a branch with a described first case, e.g. {@code "accuracy >= 0.9"}. */
  public <S> When when(Value<S> subject, String description, Predicate<? super S> test) {
    Objects.requireNonNull(description, "description (leave it out for the default \"case 1\")");
    return new When(
        owner, subject, description, owner.condition(subject, description, test, "a when(...)"));
  }

  /**
   * A dynamic node: at run time, {@code body} receives the plain value of {@code input} and a fresh
   * builder, and builds the sub-workflow {@code <workflow>.<id>} (input {@code Void}) that the node
   * runs; its output must be an {@code output}.
   */
  @SuppressWarnings("unchecked")
  public <A, R> Value<R> dynamic(
      String id, Class<R> output, Value<? extends A> input, DynamicBody1<A, R> body) {
    return owner.dynamic(
        id, wrap(output), new Value<?>[] {input}, (DynamicBody1<Object, ?>) (DynamicBody1<?, ?>) body);
  }

  /** A dynamic node with no input: {@code body} builds the sub-workflow at run time. */
  public <R> Value<R> dynamic(String id, Class<R> output, DynamicBody0<R> body) {
    DynamicBody1<Object, R> adapted = body == null ? null : (sub, ignored) -> body.define(sub);
    return owner.dynamic(id, wrap(output), When.NONE, adapted);
  }

  /**
   * A gate that sleeps {@code duration} once every value in {@code after} is ready (durably: an
   * engine restart keeps the journaled deadline). Its output is the instant it woke up. Default id
   * {@code sleep}.
   */
  public Value<Instant> sleep(Duration duration, Value<?>... after) {
    Objects.requireNonNull(duration, "duration");
    return owner.gate("sleep", new GateSpec.Sleep(Optional.of(duration), Optional.empty()), after);
  }

  /** A gate that sleeps until {@code until}; see {@link #sleep(Duration, Value...)}. */
  public Value<Instant> sleepUntil(Instant until, Value<?>... after) {
    Objects.requireNonNull(until, "until");
    return owner.gate("sleep", new GateSpec.Sleep(Optional.empty(), Optional.of(until)), after);
  }

  /**
   * A gate that waits, once every value in {@code after} is ready, for the signal {@code gate}
   * describes; its output is the payload (or the gate's timeout default). Send the signal with
   * {@code engine.signal(runId, "<node id or signal name>", payload, signalId)}. Default id: the
   * signal's name.
   */
  public <T> Value<T> await(Gate<T> gate, Value<?>... after) {
    if (gate == null) {
      throw new IllegalArgumentException(
          "workflow '" + owner.workflow + "': await(null). Fix: pass a Gate, e.g. Gate.approval(\"promote\")");
    }
    return owner.gate(gate.name(), gate.spec(), after);
  }

  /** A one-input task run with a {@link RunFailure} when a run of this workflow fails. */
  public void onFailure(Task1<? super RunFailure, ?> task) {
    owner.checkOpen("set its on-failure task");
    if (task == null) {
      throw new IllegalArgumentException(
          "workflow '" + owner.workflow + "': onFailure(null). Fix: pass a Task1<RunFailure, ?>"
              + " defined above this workflow");
    }
    owner.onFailure = task.spec();
  }

  /** What a run does when a node fails for good (default {@link FailurePolicy#FAIL_FAST}). */
  public void failurePolicy(FailurePolicy policy) {
    owner.checkOpen("set its failure policy");
    owner.failurePolicy = Objects.requireNonNull(policy, "failure policy");
  }

  /** A version string recorded with every run ("1" by default). */
  public void version(String version) {
    owner.checkOpen("set its version");
    owner.version = Objects.requireNonNull(version, "version");
  }

  private static Type wrap(Class<?> c) {
    return c == null ? null : Primitives.wrap(c);
  }

  @Override
  public String toString() {
    return "WorkflowBuilder[" + owner.workflow + "]";
  }
}
