package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.NodeError;
import dev.sluice.core.model.TaskSpec;

/**
 * One call of a task at one node, reporting its one outcome to a {@link TaskRun.Owner}: a plain
 * {@link TaskRun} (the attempt loop), a {@link StoredCall} around it when the output goes through
 * the store (the task is cached, or its output may hold artifacts), and a {@link JournaledCall}
 * around either in a journaled run.
 */
interface TaskCall {

  void start();

  /** Stops the call; its owner hears CANCELLED (unless it already ended). */
  void cancel(NodeError why);

  /**
   * The call for {@code task} at {@code record}: in a journaled run, a {@link JournaledCall} around
   * the rest; a {@link StoredCall} only when it is needed.
   */
  static TaskCall of(Run run, TaskRun.Owner owner, int slot, NodeRecord record, TaskSpec task, Object[] args) {
    TaskCall call =
        run.journaling != null
            ? new JournaledCall(run, owner, slot, record, task, args)
            : plain(run, owner, slot, record, task, args);
    record.call = call;
    return call;
  }

  /** The call without journaling. */
  static TaskCall plain(Run run, TaskRun.Owner owner, int slot, NodeRecord record, TaskSpec task, Object[] args) {
    if (task.cache().enabled() || run.engine.artifactTypes.mayHold(task.output())) {
      return new StoredCall(run, owner, slot, record, task, args);
    }
    return new TaskRun(run, owner, slot, record, task, args);
  }
}
