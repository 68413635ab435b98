package dev.sluice.core.internal.trigger;

import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.Event;
import dev.sluice.core.trigger.EventTrigger;
import dev.sluice.core.trigger.MetricTrigger;
import dev.sluice.core.trigger.Pause;
import dev.sluice.core.trigger.TriggerEvaluation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One event trigger: each event its source delivers is a decision (paused, not matching, held by the
 * debounce, launched, or why not), recorded. A held event lives in memory only; its debounce
 * deadline is a wake-up on the service's timer.
 */
final class EventLoop extends Loop {
  private final EventTrigger<?> trigger;
  private final Overlap overlap;
  private final Pauses pauses;
  private Event held;
  private Instant lastHeld;

  EventLoop(EventTrigger<?> trigger, DefaultTriggerService.Config config, History history, Overlap overlap, Pauses pauses) {
    super(trigger.name(), config, null, history);
    this.trigger = trigger;
    this.overlap = overlap;
    this.pauses = pauses;
  }

  @Override
  void start() {}

  /** The debounce deadline of the held event. */
  @Override
  synchronized void wake() {
    if (held == null) {
      return;
    }
    Instant now = clock.instant();
    Instant due = lastHeld.plus(trigger.debounce());
    if (now.isBefore(due)) {
      wakeAt(due);
      return;
    }
    Event e = held;
    held = null;
    decide(now, e, describe(e) + ", held since " + lastHeld + ": no other event for "
        + Durations.format(trigger.debounce()));
  }

  /** Decides on one event; returns the decision recorded for it. */
  synchronized TriggerEvaluation onEvent(Event event) {
    Instant now = clock.instant();
    Optional<Pause> pause = pauses.read(name);
    if (pause.isPresent()) {
      return note(now, Decision.PAUSED, describe(event) + " dropped: paused by " + pause.get().by() + " at "
          + pause.get().at() + (pause.get().reason().isEmpty() ? "" : " (" + pause.get().reason() + ")"));
    }
    boolean matches;
    try {
      matches = trigger.matches(event);
    } catch (RuntimeException e) {
      return note(now, Decision.LAUNCH_FAILED, describe(event) + ": the trigger's condition threw " + e);
    }
    if (!matches) {
      return note(now, Decision.NOT_MET, describe(event) + " does not match the trigger's condition");
    }
    if (!trigger.debounce().isZero()) {
      boolean replaced = held != null;
      held = event;
      lastHeld = now;
      wakeAt(now.plus(trigger.debounce()));
      return note(now, Decision.DEBOUNCED, describe(event) + (replaced ? " replaces the held one" : "")
          + "; launches if no other comes for " + Durations.format(trigger.debounce()) + " (at "
          + now.plus(trigger.debounce()) + ")");
    }
    return decide(now, event, describe(event));
  }

  private String describe(Event e) {
    return e.type() + " event " + e.id() + " from " + e.source();
  }

  private TriggerEvaluation note(Instant now, Decision decision, String reason) {
    TriggerEvaluation entry = new TriggerEvaluation(name, now, decision, reason, List.of(), Optional.empty());
    record(entry);
    return entry;
  }

  private TriggerEvaluation decide(Instant now, Event event, String reason) {
    AtomicReference<TriggerEvaluation> first = new AtomicReference<>();
    overlap.fire(now, trigger.overlap(), reason, () -> launch(trigger, event), (at, decision, why, run) -> {
      TriggerEvaluation entry = new TriggerEvaluation(name, at, decision, why, List.of(), run.map(RunHandle::runId));
      first.compareAndSet(null, entry);
      record(entry);
    });
    return first.get();
  }

  private <I> RunHandle<?> launch(EventTrigger<I> t, Event event) {
    return t.plan().launch(engine, defaults -> t.input(event, defaults),
        Map.of(MetricTrigger.LABEL, t.name(), EventTrigger.EVENT_LABEL, event.id()), Origin.trigger(t.name()),
        Optional.of(t.name() + ":" + event.source() + ":" + event.id()));
  }
}
