package dev.sluice.core.engine;

/**
 * Receives every event of the runs it is registered for. Methods are called on engine threads,
 * in order for a given node, and must be fast and must not throw (an exception is logged and
 * ignored). Every method does nothing by default.
 */
public interface RunListener {
  default void runStarted(RunEvent.RunStarted event) {}

  default void nodeTransition(RunEvent.NodeTransition event) {}

  default void runFinished(RunEvent.RunFinished event) {}
}
