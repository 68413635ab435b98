package dev.sluice.core.engine;

import dev.sluice.core.cache.CacheEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Something that happened in a run. The kinds are closed. */
public sealed interface RunEvent {
  String runId();

  Instant at();

  /**
   * A run was accepted and its first nodes are about to be dispatched. {@code at} is when its first
   * life started; {@code carried} holds what listeners carried from its earlier lives ({@link
   * RunListener#carried}): empty for a new run, read from the journal for a resumed one.
   */
  record RunStarted(String runId, String workflowName, Instant at, Map<String, String> carried) implements RunEvent {
    public RunStarted {
      carried = Map.copyOf(carried);
    }

    /** A run with nothing carried from earlier lives. */
    public RunStarted(String runId, String workflowName, Instant at) {
      this(runId, workflowName, at, Map.of());
    }
  }

  /**
   * A node moved from one state to another. {@code retryIn} is set on moves to RETRYING; {@code
   * error} on moves to FAILED, RETRYING and CANCELLED; {@code cacheEntry} on moves to CACHED (the
   * entry the output came from). {@code task} and {@code executor} name the task and the executor
   * (as registered) of a task node or map element, empty for other kinds; {@code replayed} is true
   * when the node's outcome was taken from the journal of an earlier life of the run (resume,
   * recover) instead of running it.
   */
  record NodeTransition(
      String runId,
      String nodePath,
      int attempt,
      NodeState from,
      NodeState to,
      Instant at,
      Optional<NodeError> error,
      Optional<Duration> retryIn,
      Optional<CacheEntry> cacheEntry,
      Optional<String> task,
      Optional<String> executor,
      boolean replayed)
      implements RunEvent {

    /** A transition that names no task nor executor and was not replayed. */
    public NodeTransition(
        String runId,
        String nodePath,
        int attempt,
        NodeState from,
        NodeState to,
        Instant at,
        Optional<NodeError> error,
        Optional<Duration> retryIn,
        Optional<CacheEntry> cacheEntry) {
      this(runId, nodePath, attempt, from, to, at, error, retryIn, cacheEntry, Optional.empty(), Optional.empty(), false);
    }
  }

  /**
   * A remote executor handed an attempt to its backend ({@code reattached == false}: a Job created,
   * a Ray job submitted), or found it there already and follows it ({@code reattached == true}: a
   * resumed run, a duplicate submission).
   */
  record AttemptSubmitted(
      String runId, String nodePath, int attempt, String attemptName, String executor, boolean reattached, Instant at)
      implements RunEvent {}

  /**
   * A run passed its deadline ({@link RunOptions.Builder#deadline}) while still running; {@code
   * cancelling} when the deadline's action cancels it.
   */
  record RunLate(String runId, String workflowName, Duration deadline, boolean cancelling, Instant at)
      implements RunEvent {}

  /** A gate started waiting (its node moved to WAITING); {@code gate} says for what and until when. */
  record GateWaiting(String runId, String nodePath, WaitingGate gate, Instant at) implements RunEvent {}

  /** A waiting gate took a signal: its node ends with the payload (or fails, for a rejection). */
  record SignalReceived(String runId, String nodePath, String signal, String signalId, Instant at)
      implements RunEvent {}

  /** A gate's timer fired: a sleep ended, or a signal's timeout passed (then {@code failed} or not). */
  record GateTimedOut(String runId, String nodePath, boolean sleep, boolean failed, Instant at)
      implements RunEvent {}

  /** A run reached a terminal state. */
  record RunFinished(
      String runId, String workflowName, RunState state, Instant at, Optional<NodeError> error)
      implements RunEvent {}
}
