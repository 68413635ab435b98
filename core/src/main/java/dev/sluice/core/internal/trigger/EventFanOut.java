package dev.sluice.core.internal.trigger;

import dev.sluice.core.spi.EventSource;
import dev.sluice.core.spi.LeaderElection;
import dev.sluice.core.trigger.Event;
import dev.sluice.core.trigger.TriggerEvaluation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/** The sink of one event source: hands each event to every trigger of the source, on the leader only. */
final class EventFanOut implements EventSource.Sink {
  private final EventSource source;
  private final List<EventLoop> loops = new ArrayList<>();
  private final LeaderElection leader;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private volatile boolean closed;

  EventFanOut(EventSource source, LeaderElection leader, Clock clock, ScheduledExecutorService scheduler) {
    this.source = source;
    this.leader = leader;
    this.clock = clock;
    this.scheduler = scheduler;
  }

  void add(EventLoop loop) {
    loops.add(loop);
  }

  void close() {
    closed = true;
  }

  @Override
  public List<TriggerEvaluation> accept(Event event) {
    Objects.requireNonNull(event, "event");
    if (closed) {
      throw new IllegalStateException("the trigger service of event source '" + source.name() + "' is closed");
    }
    if (!leader.isLeader()) {
      throw new IllegalStateException("this replica (" + leader.identity() + ") does not lead its trigger service;"
          + " only the leader acts on events: send " + event + " to the leader, or again later");
    }
    List<TriggerEvaluation> decisions = new ArrayList<>(loops.size());
    for (EventLoop l : loops) {
      decisions.add(l.onEvent(event));
    }
    return decisions;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }
}
