package dev.sluice.core.spi;

import dev.sluice.core.model.TaskContext;
import dev.sluice.core.model.TaskSpec;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import java.util.Map;
import java.util.function.Supplier;

/** One attempt of one task, as an executor receives it: the task, its input values, where it is. */
public interface Attempt extends TaskContext {
  TaskSpec task();

  /** The input values in the task's declaration order. Do not modify. */
  Object[] inputs();

  /**
   * A folder for this attempt's files ({@code <work>/runs/<run>/nodes/<node>/<attempt>/}): a command
   * task's inputs.json, outputs.json and logs. Not created until an executor needs it.
   */
  Path directory();

  /**
   * Inputs and outputs by reference through the engine's store, for executors that run the attempt
   * outside this JVM. Local executors pass values in memory and need not call it.
   */
  AttemptStaging staging();

  /**
   * Tells the engine that the attempt's work may outlive the future {@link TaskExecutor#start}
   * returned: after a cancel or a timeout that future completes at once, but a body that ignores
   * the interrupt (or a process being killed) goes on until {@code ended} completes. The engine
   * holds the task's {@code maxConcurrency} permit and the executor's in-flight slot until then, so
   * that a limit bounds the bodies actually running. Executors call it in {@code start}, before
   * returning, or at the latest before that future completes (the local executor calls it only
   * when it cancels a body that may still run); without a call the permit is released when the
   * future completes.
   */
  default void runsUntil(CompletionStage<?> ended) {}

  /**
   * The name of the executor the attempt runs on, as registered with the engine (e.g. {@code
   * local}, {@code ray}); for metrics and traces.
   */
  default String executor() {
    String name = task().placement().executor();
    return name == null ? "local" : name;
  }

  /**
   * Environment variables for the attempt's process besides the task's own, e.g. the trace
   * context ({@code TRACEPARENT}) an interceptor adds with {@link #withEnvironment}. Remote
   * executors and local command tasks pass them on; JVM tasks on local threads have no process.
   */
  default Map<String, String> environment() {
    return Map.of();
  }

  /**
   * This attempt with {@code extra} added to its {@link #environment()} (an entry of {@code extra}
   * wins over one of the same name), everything else unchanged. For interceptors, which pass the
   * result on with {@code next.proceed(...)}.
   */
  default Attempt withEnvironment(Map<String, String> extra) {
    return new EnvironmentAttempt(this, extra);
  }

  /**
   * Called by a remote executor once it handed the attempt to its backend ({@code reattached ==
   * false}: Job created, Ray job submitted) or found it there already and follows it ({@code
   * reattached == true}). The engine tells the run's listeners ({@code RunListener#attemptSubmitted}).
   */
  default void submitted(boolean reattached) {}

  /**
   * Opens what must surround a JVM task body on the thread that runs it in this process (the local
   * executor calls it right before the body and closes it right after, on that thread): e.g. the
   * attempt's trace context made current, so that spans the body starts nest under the attempt's
   * span. Interceptors add one with {@link #withBodyScope}. Remote bodies run in another process:
   * their runner has its own hooks.
   */
  default BodyScope openBodyScope() {
    return BodyScope.NONE;
  }

  /**
   * This attempt with {@code open} called around its JVM body (inside the scopes it already has),
   * everything else unchanged. For interceptors, which pass the result on with {@code
   * next.proceed(...)}.
   */
  default Attempt withBodyScope(Supplier<? extends BodyScope> open) {
    return new ScopedAttempt(this, open);
  }

  /** What {@link #openBodyScope} opened: closed on the same thread when the body returns. */
  @FunctionalInterface
  interface BodyScope extends AutoCloseable {
    /** Opens nothing. */
    BodyScope NONE = () -> {};

    @Override
    void close();
  }
}
