package dev.sluice.core.spi;

import dev.sluice.core.model.TaskContext;
import dev.sluice.core.model.TaskSpec;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

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
   * returning; without a call the permit is released when the future completes.
   */
  default void runsUntil(CompletionStage<?> ended) {}
}
