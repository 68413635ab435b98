package dev.sluice.core.engine;

/** The state of a whole run. */
public enum RunState {
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this != RUNNING;
  }
}
