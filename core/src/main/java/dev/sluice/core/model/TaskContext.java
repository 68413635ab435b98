package dev.sluice.core.model;

import dev.sluice.core.log.RunMdc;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * What a running task attempt knows about itself: which run, node and attempt it is, and where it
 * records metrics. Executors receive it with every attempt; a task body reads it with {@link
 * #current()}.
 *
 * <pre>{@code
 * Task.named("evaluate").of((Model m, Dataset d) -> {
 *   double accuracy = m.accuracyOn(d);
 *   TaskContext.current().metrics().record("accuracy", accuracy, Map.of("model", m.name()));
 *   return accuracy;
 * });
 * }</pre>
 */
public interface TaskContext {
  /** The run's unique id. */
  String runId();

  /** The name of the workflow the run executes. */
  String workflowName();

  /** The node's path in the run, e.g. {@code train} or {@code tune/fit[3]}. */
  String nodePath();

  /** 1 for the first attempt, 2 for the first retry, and so on. */
  int attempt();

  /**
   * The attempt's deterministic name {@code <run>-<node>-<attempt>}, a valid DNS-1123 label of at
   * most 63 characters (remote executors name their Job or Ray submission by it).
   */
  String attemptName();

  /**
   * Where this attempt records metrics (stored with the run in the engine's store, queryable by
   * metric triggers). A context that does not record metrics, such as a hand-made test double,
   * answers with a recorder that refuses every record and says why.
   */
  default TaskMetrics metrics() {
    return TaskMetrics.refusing(getClass().getName() + " does not record metrics");
  }

  /**
   * The context of the task attempt whose body runs on this thread. The local executor binds it
   * around every JVM task body; remote task runners do the same with {@link #callWith}.
   *
   * @throws IllegalStateException when no task body is running on this thread (a task body that
   *     starts threads of its own must hand the context to them itself)
   */
  static TaskContext current() {
    TaskContext context = CurrentTaskContext.BOUND.get();
    if (context == null) {
      throw new IllegalStateException(
          "no task is running on thread '" + Thread.currentThread().getName()
              + "': TaskContext.current() works inside a task body run by a Sluice executor; "
              + "code on threads the body starts must be handed the context");
    }
    return context;
  }

  /**
   * Runs {@code body} with {@code context} as {@link #current()} on this thread, and its run, node
   * and attempt in the logging MDC ({@link RunMdc}), then restores what was bound before. For
   * executors and task runners; task code has no need of it.
   */
  static <T> T callWith(TaskContext context, Callable<T> body) throws Exception {
    Objects.requireNonNull(context, "context");
    TaskContext previous = CurrentTaskContext.BOUND.get();
    CurrentTaskContext.BOUND.set(context);
    RunMdc.Scope mdc = RunMdc.attempt(context);
    try {
      return body.call();
    } finally {
      mdc.close();
      // set(null), not remove(): a pool thread keeps its entry, so no attempt allocates a new one
      CurrentTaskContext.BOUND.set(previous);
    }
  }
}
