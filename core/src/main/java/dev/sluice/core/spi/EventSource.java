package dev.sluice.core.spi;

import dev.sluice.core.trigger.Event;
import dev.sluice.core.trigger.TriggerEvaluation;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Where event triggers get their events: another workflow's run finishing, a model version
 * registered, a webhook, a Kafka topic. The trigger service starts a source once (however many
 * event triggers use it) and hands it a {@link Sink}; the source pushes each event into it, from
 * any thread, and the sink returns once the triggers have decided (launched, or why not) and
 * recorded it.
 *
 * <p>Delivery is at least once: an event delivered again (a redelivery after a crash, a poll that
 * overlaps the last one) carries the same {@link Event#id()}, and the run it launches has a run key
 * made of it, so it launches nothing twice. A source that acknowledges (a Kafka consumer committing
 * offsets) acknowledges after {@link Sink#accept} returned. Built-in sources come from {@code
 * dev.sluice.core.trigger.EventSources}; the model registry's from {@code sluice-models}.
 */
public interface EventSource extends AutoCloseable {

  /** A short name for history and logs, and the name a webhook is posted to: {@code [A-Za-z0-9._-]+}. */
  String name();

  /** Starts delivering events to {@code sink}; returns at once. Called once. */
  void start(Sink sink);

  /** Stops delivering; the service calls it when it closes. */
  @Override
  void close();

  /** What a source pushes events into, and the service's time and timer for polling sources. */
  interface Sink {
    /**
     * Hands an event to the triggers of the source; returns their decisions, one per trigger.
     *
     * @throws IllegalStateException if this replica does not lead (only the leader acts on events:
     *     a push source answers so, and the sender tries again)
     */
    List<TriggerEvaluation> accept(Event event);

    /** The service's clock. */
    Clock clock();

    /** The service's timer, for sources that poll. */
    ScheduledExecutorService scheduler();
  }
}
