package dev.sluice.console.ops.internal;

import dev.sluice.console.ops.Action;
import dev.sluice.console.ops.OperationException;
import dev.sluice.console.ops.OperationException.Kind;
import dev.sluice.core.trigger.Backfill;
import dev.sluice.core.trigger.TriggerService;

/** The actions on schedules and triggers (pause, unpause, backfill), carried out by the trigger service. */
final class ScheduleActions {
  private final TriggerService service;

  ScheduleActions(TriggerService service) {
    this.service = service;
  }

  static boolean handles(Action action) {
    return action instanceof Action.Pause || action instanceof Action.Unpause || action instanceof Action.Backfill;
  }

  /** Carries the action out; returns what was done, in words. */
  String perform(Action action, String actor) {
    if (service == null) {
      throw new OperationException(Kind.CONFLICT, action.verb() + " needs the trigger service that runs the schedules and"
          + " triggers: give it with Operations.builder().triggers(service, ...) or Console.builder().triggers(...)");
    }
    try {
      if (action instanceof Action.Pause p) {
        service.pause(p.name(), actor, p.reason());
        return "paused '" + p.name() + "'" + (p.reason().isEmpty() ? "" : " (" + p.reason() + ")")
            + ": no replica fires it until it is unpaused";
      }
      if (action instanceof Action.Unpause u) {
        return service.resume(u.name(), actor)
            ? "unpaused '" + u.name() + "': it fires again from its next firing (missed ones are not caught up)"
            : "'" + u.name() + "' was not paused; nothing changed";
      }
      Action.Backfill b = (Action.Backfill) action;
      Backfill started = service.backfill(b.plan(), b.from(), b.to(), b.maxConcurrent());
      return "backfilling plan '" + b.plan() + "': " + started.firings().size() + " firing(s) from " + b.from() + " to "
          + b.to() + ", " + b.maxConcurrent() + " at a time (firings that already ran are not run again)";
    } catch (IllegalArgumentException e) {
      throw new OperationException(e.getMessage().startsWith("no ") ? Kind.NOT_FOUND : Kind.INVALID, e.getMessage());
    } catch (IllegalStateException e) {
      throw new OperationException(Kind.CONFLICT, e.getMessage());
    }
  }
}
