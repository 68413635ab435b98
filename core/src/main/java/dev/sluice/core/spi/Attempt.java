package dev.sluice.core.spi;

import dev.sluice.core.model.TaskContext;
import dev.sluice.core.model.TaskSpec;
import java.nio.file.Path;

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
}
