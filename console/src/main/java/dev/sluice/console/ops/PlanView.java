package dev.sluice.console.ops;

import dev.sluice.core.trigger.TriggerEvaluation;
import java.time.Instant;
import java.util.List;

/** A launch plan: its workflow, schedules with their next firings, and its recent firings. */
public record PlanView(
    String name, String workflow, List<ScheduleView> schedules, String missedFirings,
    List<TriggerEvaluation> recent) {

  /** A schedule as words and its next firings. */
  public record ScheduleView(String describe, List<Instant> next) {}
}
