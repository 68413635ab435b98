package dev.sluice.core.engine;

/**
 * A signal was not applied, and nothing changed: the run is unknown or finished, no gate of that
 * name waits, the payload has the wrong type, or the gate's validator refused it. The message says
 * which, and the fix.
 */
public final class SignalRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SignalRefusedException(String message) {
    super(message);
  }
}
