package dev.sluice.core.internal.trigger;

import dev.sluice.core.model.Names;
import dev.sluice.core.trigger.Event;
import dev.sluice.core.trigger.PushEventSource;
import dev.sluice.core.trigger.TriggerEvaluation;
import java.util.List;
import java.util.Objects;

/** A source the program pushes into; delivers on the caller's thread. */
public final class PushSource implements PushEventSource {
  private final String name;
  private volatile Sink sink;

  public PushSource(String name) {
    if (!Names.isValid(name)) {
      throw new IllegalArgumentException("event source name '" + name + "' is not valid: use 1 to 128 letters, digits,"
          + " '-', '_' or '.', starting with a letter or digit");
    }
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start(Sink sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public List<TriggerEvaluation> publish(Event event) {
    Sink s = sink;
    if (s == null) {
      throw new IllegalStateException("event source '" + name + "' is not started: give an event trigger using it to a"
          + " trigger service, and start the service");
    }
    return s.accept(event);
  }

  @Override
  public void close() {
    sink = null;
  }

  @Override
  public String toString() {
    return "push event source '" + name + "'";
  }
}
