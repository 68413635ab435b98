package dev.sluice.core.trigger;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.internal.trigger.PushSource;
import dev.sluice.core.internal.trigger.RunFinishedSource;
import dev.sluice.core.spi.EventSource;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** The built-in {@link EventSource}s. The model registry's are in {@code sluice-models} ({@code ModelEvents}). */
public final class EventSources {
  private EventSources() {}

  /** A source the program (or the console's webhook) pushes events into. */
  public static PushEventSource push(String name) {
    return new PushSource(name);
  }

  /**
   * Runs of {@code workflow} that succeeded, as {@code run-finished} events whose id is the run's
   * id and whose payload is the run's output (Metaflow's {@code @trigger_on_finish}); read every 30 s
   * from the engine's run store (runs of every engine on the store), and at once for runs of this
   * engine. Only runs that end after the source starts count.
   */
  public static EventSource runFinished(Engine engine, String workflow) {
    return runFinished(engine, workflow, EnumSet.of(RunState.SUCCEEDED), Duration.ofSeconds(30));
  }

  /**
   * {@link #runFinished(Engine, String)} for runs that ended in one of {@code states}, reading the
   * run store every {@code every}. Without a run store, only this engine's runs are seen.
   * Attributes: {@code workflow}, {@code run}, {@code state}; the payload is {@code null} for a run
   * that did not succeed.
   */
  public static EventSource runFinished(Engine engine, String workflow, Set<RunState> states, Duration every) {
    return new RunFinishedSource(engine, workflow, states, every);
  }
}
