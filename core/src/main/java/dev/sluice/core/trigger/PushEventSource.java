package dev.sluice.core.trigger;

import dev.sluice.core.spi.EventSource;
import java.util.List;

/**
 * An event source the program pushes into: the console's webhook ({@code POST
 * /api/events/<name>}), a message listener of the program's own. Made by {@link EventSources#push}.
 */
public interface PushEventSource extends EventSource {

  /**
   * Delivers {@code event} to the source's triggers now; returns their decisions.
   *
   * @throws IllegalStateException if no started trigger service uses the source, or this replica
   *     does not lead
   */
  List<TriggerEvaluation> publish(Event event);
}
