package dev.sluice.core.engine;

/** What became of a signal that was not refused. */
public enum SignalOutcome {
  /** The waiting gate took it and its node ended with the payload. */
  APPLIED,
  /** A signal with the same id was applied before; this one changed nothing. */
  DUPLICATE,
  /**
   * No engine holds the run now: the signal is kept in the store and applied once, when an engine
   * resumes the run (checked then against the gate's type and validator).
   */
  STORED
}
