package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.log.RunMdc;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.RemoteTaskException;
import dev.sluice.core.spi.StoreException;
import dev.sluice.core.spi.StoreFailedException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

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
  /** 1 once the call's outcome was reported (a field, not an AtomicBoolean: one object less per task). */
  private volatile int reported;

  private static final AtomicIntegerFieldUpdater<JournaledCall> REPORTED =
      AtomicIntegerFieldUpdater.newUpdater(JournaledCall.class, "reported");

  private boolean firstReport() {
    return reported == 0 && REPORTED.compareAndSet(this, 0, 1);
  }

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
    if (past != null) {
      record.journaled = past; // a fresh run's node has none: no volatile write (a fence) per task
    }
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
      report(null, new RemoteTaskException(e.type(), e.message() + " (journaled; not run again)", "", false), null);
      return;
    }
    String json = past.outputJson().orElse(null);
    run.engine.storeWork
        .async("read the journaled output of node '" + record.path + "' of run " + run.runId, () -> {
          if (json == null) {
            throw new IllegalStateException("no output was journaled");
          }
          return run.durability().decode(json, task.output(), "the journaled output of node '" + record.path + "'");
        })
        .whenComplete((value, failure) -> restored(past, json, value, failure));
  }

  private void restored(NodeHistory past, String json, Object value, Throwable failure) {
    if (failure != null) {
      record.moveTo(NodeState.RUNNING, past.attempts());
      report(null, failure instanceof StoreFailedException ? failure : new IllegalStateException(
          "node '" + record.path + "' of run " + run.runId + " succeeded before, but its journaled output cannot be read back ("
              + failure.getMessage() + "). Fix: recover the run (engine.recover) to run the node again", failure), null);
      return;
    }
    record.outputJson = json;
    if (past.state() == NodeState.CACHED) {
      if (firstReport()) {
        owner.taskCached(slot, value);
      }
    } else {
      record.moveTo(NodeState.RUNNING, past.attempts());
      report(value, null, null);
    }
  }

  @Override
  public void cancel(NodeError why) {
    cancelled = why;
    TaskCall call = inner;
    if (call != null) {
      call.cancel(why);
    }
    report(null, null, why); // unless already reported: the task may have ended, its output being stored
  }

  /** Reports the call's one outcome to the owner; later reports are ignored. */
  private void report(Object value, Throwable failure, NodeError stopped) {
    if (firstReport()) {
      owner.taskDone(slot, value, failure, stopped);
    }
  }

  @Override
  public void taskDone(int slot, Object value, Throwable failure, NodeError stopped) {
    if (failure != null || stopped != null) {
      report(value, failure, stopped);
      return;
    }
    journal(value, false);
  }

  @Override
  public void taskCached(int slot, Object value) {
    journal(value, true);
  }

  /**
   * Encodes the output for the journal (uploading its artifacts and a large value to the store,
   * retried by the engine's store work), then reports the node's end: its success, or why its
   * output cannot be journaled, a store failure as such.
   */
  private void journal(Object value, boolean cached) {
    String inline;
    try {
      inline = run.durability().encodeInline(value, task.output());
    } catch (RuntimeException e) {
      report(null, unjournaled(e), null);
      return;
    }
    if (inline != null) { // no store involved: no retries, no hop to the pool
      journaled(value, cached, inline, null);
      return;
    }
    run.engine.storeWork
        .async("store the output of node '" + record.path + "' of run " + run.runId,
            () -> run.durability().encode(value, task.output()))
        .whenComplete((json, failure) -> journaled(value, cached, json, failure));
  }

  /** The output is journaled as {@code json}, or could not be ({@code failure}): end the node. */
  private void journaled(Object value, boolean cached, String json, Throwable failure) {
    if (failure == null) {
      record.outputJson = json;
      if (!cached) {
        report(value, null, null);
      } else if (firstReport()) {
        owner.taskCached(slot, value);
      }
    } else if (run.isStopping()) {
      report(null, null, run.stopReason());
    } else {
      report(null, unjournaled(failure), null);
    }
  }

  /** Why the output cannot be journaled: the store's failure, or a value the journal cannot hold. */
  private Throwable unjournaled(Throwable failure) {
    if (failure instanceof StoreException) {
      return failure;
    }
    return new IllegalArgumentException(
        "task '" + task.name() + "' at node '" + record.path + "' succeeded, but with a run store every output is "
            + "journaled as JSON and this one cannot be: " + failure.getMessage()
            + ". Fix: return a record or another type Jackson can write and read", failure);
  }
}
