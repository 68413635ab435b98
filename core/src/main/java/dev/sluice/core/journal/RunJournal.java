package dev.sluice.core.journal;

import dev.sluice.core.internal.journal.DefaultRunJournal;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The runs a run store remembers, for people and tools: list them, read one run's node table and
 * history, find orphans, prune old runs. {@code engine.journal()} gives the engine's; {@link #of}
 * makes one for any store, e.g. in an admin tool that runs nothing.
 *
 * <pre>{@code
 * RunJournal journal = engine.journal();
 * journal.runs(RunQuery.builder().workflow("qoe-train").states(RunState.FAILED).build());
 * System.out.println(journal.history(runId).status().toTable());
 * journal.prune(Duration.ofDays(30));
 * }</pre>
 */
public interface RunJournal {

  /** The runs matching {@code query}, newest first. */
  List<RunSummary> runs(RunQuery query);

  /**
   * One run's records folded into its history and node table.
   *
   * @throws IllegalArgumentException if the store has no run with this id
   */
  RunHistory history(String runId);

  /** Runs that have not ended and whose owner stopped renewing its lease, as of the clock's now. */
  List<RunSummary> orphans();

  /**
   * Deletes runs that ended more than {@code olderThan} ago: their journals, leases and {@code
   * runs/<run>/} folders (node inputs and outputs) in the artifact store. Cache entries and blobs
   * stay. Returns the ids of the runs deleted.
   */
  List<String> prune(Duration olderThan);

  /**
   * Sends a signal to a gate of a run from a process that does not hold the run: it is kept in the
   * store and applied once by the engine that holds the run (it looks for such signals while a gate
   * waits) or resumes it, checked then against the gate's validator (a refusal then is kept for
   * the sender: {@link #refusedSignals}). Checked here: the run is
   * unfinished, the gate waits for a signal, the payload's class is the gate's type, the id is new.
   *
   * @return {@link dev.sluice.core.engine.SignalOutcome#STORED}, or {@code DUPLICATE} for an id seen before
   * @throws dev.sluice.core.engine.SignalRefusedException with the reason and the fix; nothing changed
   */
  dev.sluice.core.engine.SignalOutcome signal(String runId, String gate, Object payload, String signalId);

  /**
   * The signals sent through the store ({@link #signal}) that the engine holding the run refused
   * when it came to apply them (validator, type, a gate that ended first), with the reason; oldest
   * first. Sending such a signal id again is refused with the same reason.
   */
  List<RefusedSignal> refusedSignals(String runId);

  /**
   * Asks the engine that holds an unfinished run to cancel it, from a process that does not hold it
   * (an operations console, a CLI): the request is kept in the store ({@code journal/cancel/<run>.json},
   * with who asked and why); the holding engine looks for requests every third of its lease's time
   * to live (10 s by default), cancels the run and deletes the request. A run no engine holds is
   * cancelled by the engine that resumes it.
   *
   * @throws IllegalArgumentException if the store has no such run
   * @throws IllegalStateException if the run already ended
   */
  default void requestCancel(String runId, String by, String reason) {
    throw new UnsupportedOperationException("this run journal cannot keep cancel requests");
  }

  /** The gates the run's journal shows waiting, with what they expect and until when. */
  List<dev.sluice.core.engine.WaitingGate> waitingGates(String runId);

  /** A journal over {@code runs}, deleting run folders from {@code artifacts} when pruning. */
  static RunJournal of(RunStore runs, ArtifactStore artifacts, Clock clock) {
    return new DefaultRunJournal(runs, artifacts, clock);
  }
}
