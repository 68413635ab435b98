package dev.sluice.core.engine;

/**
 * This engine stopped driving a journaled run without ending it in the journal, so the run has no
 * outcome here even if every node ended: its end (or a transition before it) could not be written
 * to the run store, its lease was lost to another engine, or the engine was closed. The journal
 * shows the run unfinished; the message says why and what to do, usually {@code
 * engine.resume(runId)} once the run store is back (journaled nodes are not run again, and a run
 * whose nodes all succeeded ends at once with its output). {@link #status()} is this engine's view:
 * state FAILED, each node as it last was here.
 *
 * <p>The handle never reports a success the journal lacks: {@code await()} throws this instead.
 */
public class RunAbandonedException extends RunFailedException {
  private static final long serialVersionUID = 1L;

  public RunAbandonedException(String message, RunStatus status, Throwable cause) {
    super(message, status, cause);
  }
}
