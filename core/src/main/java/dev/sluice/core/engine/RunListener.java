package dev.sluice.core.engine;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Receives every event of the runs it is registered for. Methods are called on engine threads,
 * in order for a given node, and must be fast and must not throw (an exception is logged and
 * ignored). Every method does nothing by default.
 */
public interface RunListener {

  /** A listener that hands every event, of every kind, to {@code sink} (e.g. {@code events::add}). */
  static RunListener of(Consumer<? super RunEvent> sink) {
    Objects.requireNonNull(sink, "sink");
    return new RunListener() {
      @Override
      public void runStarted(RunEvent.RunStarted event) {
        sink.accept(event);
      }

      @Override
      public void nodeTransition(RunEvent.NodeTransition event) {
        sink.accept(event);
      }

      @Override
      public void runFinished(RunEvent.RunFinished event) {
        sink.accept(event);
      }

      @Override
      public void attemptSubmitted(RunEvent.AttemptSubmitted event) {
        sink.accept(event);
      }

      @Override
      public void gateWaiting(RunEvent.GateWaiting event) {
        sink.accept(event);
      }

      @Override
      public void runLate(RunEvent.RunLate event) {
        sink.accept(event);
      }

      @Override
      public void signalReceived(RunEvent.SignalReceived event) {
        sink.accept(event);
      }

      @Override
      public void gateTimedOut(RunEvent.GateTimedOut event) {
        sink.accept(event);
      }
    };
  }

  default void runStarted(RunEvent.RunStarted event) {}

  /**
   * Values to keep with the run for its later lives, asked once right after {@link #runStarted} of
   * a new journaled run (an engine with a run store): they are journaled, and a resumed run's
   * {@link RunEvent.RunStarted#carried()} hands them back — e.g. the trace context of the first
   * life's run span, for the resumed run's span to link to. Keys should name their owner
   * ({@code traceparent}); no secrets (journals are shown by consoles and CLIs).
   */
  default Map<String, String> carried(RunEvent.RunStarted event) {
    return Map.of();
  }

  default void nodeTransition(RunEvent.NodeTransition event) {}

  default void runFinished(RunEvent.RunFinished event) {}

  /** A remote executor submitted an attempt, or re-attached to one already there. */
  default void attemptSubmitted(RunEvent.AttemptSubmitted event) {}

  /** The run passed its deadline while still running. */
  default void runLate(RunEvent.RunLate event) {}

  default void gateWaiting(RunEvent.GateWaiting event) {}

  default void signalReceived(RunEvent.SignalReceived event) {}

  default void gateTimedOut(RunEvent.GateTimedOut event) {}
}
