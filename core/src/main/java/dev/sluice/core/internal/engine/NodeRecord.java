package dev.sluice.core.internal.engine;

import dev.sluice.core.cache.CacheEntry;
import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.NodeStatus;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.model.TaskSpec;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The live state of one node (or map element, or branch arm) in a run. Every state change goes
 * through {@link #moveTo}, a compare-and-set checked against {@link NodeState#canMoveTo}, so a
 * late or duplicate transition (a result arriving after a cancel) is refused, never applied.
 */
final class NodeRecord {
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(NodeRecord.class, "state", NodeState.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Run run;
  final String path;
  final String kind;
  private volatile NodeState state = NodeState.PENDING;
  // Plain fields: written by the thread that moves the node, read racily (never torn) by status
  // snapshots, which see them through the volatile state or a moment late. No fence on the hot path.
  int attempts;
  private long startedMillis;
  private long endedMillis;
  private volatile NodeError error;

  /** The cache entry this node's output came from, when it ended CACHED (made when first asked for). */
  volatile Supplier<CacheEntry> cacheEntry;

  /** The name of the executor the latest attempt was dispatched to; null before the first. */
  volatile String executor;

  /** With a run store: the output as journaled (set before the node ends SUCCEEDED or CACHED). */
  volatile String outputJson;

  /** With a run store: what the journal of an earlier life of the run says of this node. */
  volatile NodeHistory journaled;

  /** Whether this node's outcome was taken from the journal instead of running it. */
  volatile boolean restored;

  /** The task a task node or map element calls (null for other kinds), for events. */
  volatile TaskSpec task;

  /** What is running under this node, for status and cancellation; at most one is set. */
  volatile TaskRun taskRun;

  /**
   * The task call of this node (around {@link #taskRun}: journaling, caching); cancelled rather
   * than the attempt loop alone, so that a node whose output is still being stored ends too.
   */
  volatile TaskCall call;

  volatile Frame subFrame;
  volatile MapRun mapRun;
  volatile GateRun gateRun;

  /** For a WAITING gate: what it waits for and until when, for status tables. */
  volatile String waitingFor;

  /** Records shown under this one (branch arms, map elements). */
  volatile List<NodeRecord> children = List.of();

  NodeRecord(Run run, String path, String kind) {
    this.run = run;
    this.path = path;
    this.kind = kind;
  }

  NodeState state() {
    return state;
  }

  NodeError error() {
    return error;
  }

  boolean moveTo(NodeState next, int attempt) {
    return moveTo(next, attempt, null, null);
  }

  /** Moves to {@code next} if the table allows it from the current state; false otherwise. */
  boolean moveTo(NodeState next, int attempt, NodeError failure, Duration retryIn) {
    NodeState current;
    do {
      current = state;
      if (!current.canMoveTo(next)) {
        return false;
      }
    } while (!STATE.compareAndSet(this, current, next));
    if (failure != null) {
      error = failure;
    }
    long at = 0; // the clock read once per move: the status's times and the journal's record share it
    if (next == NodeState.RUNNING && startedMillis == 0) {
      at = run.clock.millis();
      startedMillis = at;
    } else if (next.isTerminal()) {
      at = run.clock.millis();
      endedMillis = at;
    }
    run.transition(this, attempt, current, next, failure, retryIn, at);
    return true;
  }

  NodeStatus snapshot() {
    NodeState s = state;
    long started = startedMillis;
    long ended = s.isTerminal() ? endedMillis : 0;
    return new NodeStatus(
        path,
        kind,
        s,
        attempts,
        started == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(started)),
        ended == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ended)),
        Optional.ofNullable(error),
        Optional.ofNullable(cacheEntry()),
        Optional.ofNullable(executor),
        s == NodeState.WAITING ? Optional.ofNullable(waitingFor) : Optional.empty());
  }

  /** The cache entry this node's output came from, or null. */
  CacheEntry cacheEntry() {
    Supplier<CacheEntry> entry = cacheEntry;
    return entry == null ? null : entry.get();
  }

  /** Adds this record's status and everything under it, depth first, to {@code out}. */
  void collect(List<NodeStatus> out) {
    out.add(snapshot());
    for (NodeRecord child : children) {
      child.collect(out);
    }
    Frame sub = subFrame;
    if (sub != null) {
      sub.collect(out);
    }
  }

  /** Stops whatever runs under this record; returns false if nothing was running. */
  boolean stopNested(NodeError why) {
    TaskCall c = call;
    if (c != null) {
      c.cancel(why);
      return true;
    }
    TaskRun t = taskRun;
    if (t != null) {
      t.cancel(why);
      return true;
    }
    Frame sub = subFrame;
    if (sub != null) {
      sub.stop(why);
      return true;
    }
    MapRun map = mapRun;
    if (map != null) {
      map.stop(why);
      return true;
    }
    GateRun gate = gateRun;
    if (gate != null) {
      gate.cancel(why); // no thread to stop: ends the gate's node (or its branch arm) CANCELLED
      return true;
    }
    boolean stopped = false;
    for (NodeRecord child : children) { // a branch's arm: its task or sub-workflow runs under the arm's record
      if (!child.state().isTerminal() && child.stopNested(why)) {
        stopped = true;
      }
    }
    return stopped;
  }
}
