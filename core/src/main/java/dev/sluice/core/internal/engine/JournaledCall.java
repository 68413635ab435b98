package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.log.RunMdc;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.RemoteTaskException;

/**
 * A task call of a journaled run. A node that an earlier life of the run journaled as SUCCEEDED,
 * CACHED or FAILED is not run again: its outcome (the output read back from the journal) is
 * reported at once. Any other node runs its call, continuing the attempt count and retry budget
 * the journal shows; its output is encoded for the journal before the node ends, so that a
 * journaled success always has its output in the store.
 */
final class JournaledCall implements TaskCall, TaskRun.Owner {
  private final Run run;
  private final TaskRun.Owner owner;
  private final int slot;
  private final NodeRecord record;
  private final TaskSpec task;
  private final Object[] args;
  private volatile TaskCall inner;
  private volatile NodeError cancelled;

  JournaledCall(Run run, TaskRun.Owner owner, int slot, NodeRecord record, TaskSpec task, Object[] args) {
    this.run = run;
    this.owner = owner;
    this.slot = slot;
    this.record = record;
    this.task = task;
    this.args = args;
  }

  @Override
  public void start() {
    NodeHistory past = run.past(record.path);
    if (past != null && (past.state().hasOutput() || past.state() == NodeState.FAILED)) {
      record.restored = true;
      // On the pool: restoring a long chain inline would recurse node after node.
      run.engine.taskPool.execute(() -> restore(past));
      return;
    }
    record.journaled = past;
    TaskCall call = TaskCall.plain(run, this, slot, record, task, args);
    inner = call;
    NodeError why = cancelled;
    if (why != null) {
      call.cancel(why);
    } else {
      call.start();
    }
  }

  private void restore(NodeHistory past) {
    RunMdc.Scope mdc = RunMdc.bind(run.runId, run.workflowName, record.path, past.attempts());
    try {
      restoreNow(past);
    } finally {
      mdc.close();
    }
  }

  private void restoreNow(NodeHistory past) {
    record.attempts = past.attempts();
    if (past.state() == NodeState.FAILED) {
      record.moveTo(NodeState.RUNNING, past.attempts());
      NodeError e = past.error().orElse(new NodeError("unknown", "failed", null));
      owner.taskDone(slot, null, new RemoteTaskException(e.type(), e.message() + " (journaled; not run again)", "", false), null);
      return;
    }
    Object value;
    try {
      String json = past.outputJson().orElseThrow(() -> new IllegalStateException("no output was journaled"));
      value = run.durability().decode(json, task.output(), "the journaled output of node '" + record.path + "'");
      record.outputJson = json;
    } catch (RuntimeException e) {
      record.moveTo(NodeState.RUNNING, past.attempts());
      owner.taskDone(slot, null, new IllegalStateException(
          "node '" + record.path + "' of run " + run.runId + " succeeded before, but its journaled output cannot be read back ("
              + e.getMessage() + "). Fix: recover the run (engine.recover) to run the node again", e), null);
      return;
    }
    if (past.state() == NodeState.CACHED) {
      owner.taskCached(slot, value);
    } else {
      record.moveTo(NodeState.RUNNING, past.attempts());
      owner.taskDone(slot, value, null, null);
    }
  }

  @Override
  public void cancel(NodeError why) {
    cancelled = why;
    TaskCall call = inner;
    if (call != null) {
      call.cancel(why);
    }
  }

  @Override
  public void taskDone(int slot, Object value, Throwable failure, NodeError stopped) {
    if (failure != null || stopped != null) {
      owner.taskDone(slot, value, failure, stopped);
      return;
    }
    Throwable unjournaled = journal(value);
    owner.taskDone(slot, unjournaled == null ? value : null, unjournaled, null);
  }

  @Override
  public void taskCached(int slot, Object value) {
    Throwable unjournaled = journal(value);
    if (unjournaled == null) {
      owner.taskCached(slot, value);
    } else {
      owner.taskDone(slot, null, unjournaled, null);
    }
  }

  /** Encodes the output for the journal; returns why it cannot be, or null. */
  private Throwable journal(Object value) {
    try {
      record.outputJson = run.durability().encode(value, task.output());
      return null;
    } catch (RuntimeException e) {
      return new IllegalArgumentException(
          "task '" + task.name() + "' at node '" + record.path + "' succeeded, but with a run store every output is "
              + "journaled as JSON and this one cannot be: " + e.getMessage()
              + ". Fix: return a record or another type Jackson can write and read", e);
    }
  }
}
