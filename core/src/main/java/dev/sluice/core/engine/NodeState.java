package dev.sluice.core.engine;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The state of one node in a run. The allowed transitions are one table, {@link #canMoveTo}; the
 * engine never makes another.
 *
 * <pre>
 * PENDING → QUEUED → RUNNING → SUCCEEDED | FAILED | CACHED | SKIPPED | CANCELLED
 *                      ↘ RETRYING → QUEUED
 *                      ↘ WAITING → SUCCEEDED | FAILED | CANCELLED   (a gate)
 *            QUEUED → RETRYING                                      (its queued timeout passed)
 * </pre>
 *
 * <p>A queued node ends CACHED when the task cache has its output, and FAILED when it cannot be
 * started at all (its cache key cannot be computed, or it waited past its queued timeout and has no
 * attempt left); a queued node whose queued timeout passed with attempts left is RETRYING.
 */
public enum NodeState {
  /** Waiting for upstream nodes. */
  PENDING,
  /** Ready, waiting for a concurrency permit or an executor slot. */
  QUEUED,
  /** An attempt is running (or, for a branch, map or sub-workflow, its children are). */
  RUNNING,
  /** An attempt failed and another is scheduled after the backoff. */
  RETRYING,
  /** A gate waits for its signal or its timer; it holds no thread. */
  WAITING,
  SUCCEEDED,
  /** Failed for good: retries exhausted or not retryable. */
  FAILED,
  /** Its output was taken from the task cache. */
  CACHED,
  /** Not run: a branch arm not taken, or downstream of one. */
  SKIPPED,
  /** Not run or stopped: the run was cancelled, failed fast, or an upstream node failed. */
  CANCELLED;

  private static final Map<NodeState, Set<NodeState>> TABLE =
      Map.of(
          PENDING, EnumSet.of(QUEUED, RUNNING, SKIPPED, CANCELLED, CACHED),
          QUEUED, EnumSet.of(RUNNING, CANCELLED, CACHED, FAILED, RETRYING),
          RUNNING, EnumSet.of(SUCCEEDED, FAILED, RETRYING, WAITING, SKIPPED, CANCELLED),
          WAITING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED),
          RETRYING, EnumSet.of(QUEUED, RUNNING, CANCELLED),
          SUCCEEDED, EnumSet.noneOf(NodeState.class),
          FAILED, EnumSet.noneOf(NodeState.class),
          CACHED, EnumSet.noneOf(NodeState.class),
          SKIPPED, EnumSet.noneOf(NodeState.class),
          CANCELLED, EnumSet.noneOf(NodeState.class));

  /** The table as one bit mask per state (bit {@code n} = may move to the state of ordinal n). */
  private static final int[] ALLOWED = new int[values().length];

  static {
    for (Map.Entry<NodeState, Set<NodeState>> e : TABLE.entrySet()) {
      for (NodeState next : e.getValue()) {
        ALLOWED[e.getKey().ordinal()] |= 1 << next.ordinal();
      }
    }
  }

  /** Whether the node can move from this state to {@code next}. */
  public boolean canMoveTo(NodeState next) {
    return (ALLOWED[ordinal()] & (1 << next.ordinal())) != 0;
  }

  /** Whether no transition leaves this state. */
  public boolean isTerminal() {
    return ALLOWED[ordinal()] == 0;
  }

  /** Whether the node produced an output (ran or came from the cache). */
  public boolean hasOutput() {
    return this == SUCCEEDED || this == CACHED;
  }
}
