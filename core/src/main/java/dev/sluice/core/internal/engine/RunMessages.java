package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.journal.JournalConflictException;
import dev.sluice.core.journal.LeaseRefusedException;
import dev.sluice.core.spi.StoreException;

/** The messages a run's handle fails with: what happened to which run, and what to do. */
final class RunMessages {
  private RunMessages() {}

  /** A run that failed or was cancelled: the first node that failed, its attempts and its error. */
  static String failed(String runId, String workflow, RunState end, NodeRecord failed, NodeError error) {
    String head = "run " + runId + " of workflow '" + workflow + "' ";
    if (end == RunState.CANCELLED) {
      return head + "was cancelled";
    }
    if (failed != null) {
      // a node that made no attempt of its own (a map, a sub-workflow, a cached call) is not "after 0 attempts"
      return head + "failed: node '" + failed.path + "' failed"
          + (failed.attempts > 0 ? " after " + failed.attempts + " attempt(s)" : "") + ": "
          + error.type().substring(error.type().lastIndexOf('.') + 1) + ": " + error.message();
    }
    return head + "failed: " + (error == null ? "unknown error" : error.message());
  }

  /**
   * A run this engine has no outcome for, because the journal lacks its end: what it reached, why
   * (the journal could not be written, the lease was lost, the engine closed), and what to do.
   */
  static String abandoned(String runId, String workflow, RunState reached, Throwable why) {
    boolean contested = why instanceof LeaseRefusedException || why instanceof JournalConflictException;
    String because = why instanceof StoreException ? "its journal could not be written: " + why.getMessage() : why.getMessage();
    return "run " + runId + " of workflow '" + workflow + "' has no outcome"
        + (reached == RunState.SUCCEEDED ? ": every node ended, but " : ": ")
        + "this engine stopped driving it (" + because + "), and it is unfinished in the journal."
        + (contested
            ? " Another engine owns the run now and finishes it."
            : " Fix: engine.resume(\"" + runId + "\") on an engine with the same stores"
                + (why instanceof StoreException ? ", once the run store works," : "")
                + " finishes it without running journaled nodes again.");
  }
}
