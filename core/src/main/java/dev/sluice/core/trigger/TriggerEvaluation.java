package dev.sluice.core.trigger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a trigger's history: one evaluation of a metric trigger, or one firing of a launch
 * plan's schedule.
 *
 * @param trigger the trigger's (or launch plan's) name
 * @param time when it was evaluated, by the service's clock
 * @param decision what was decided
 * @param reason why, in words, e.g. {@code accuracy 0.81 < 0.85 for 10m → launched run retrain-x}
 * @param seen what each source answered (empty for schedules)
 * @param runId the run launched, if one was
 */
public record TriggerEvaluation(
    String trigger,
    Instant time,
    Decision decision,
    String reason,
    List<Observation> seen,
    Optional<String> runId) {
  public TriggerEvaluation {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(reason, "reason");
    seen = List.copyOf(seen);
    Objects.requireNonNull(runId, "runId");
  }

  /** {@code <time> <decision> <reason>}, one line. */
  @Override
  public String toString() {
    return time + " " + decision + " " + reason;
  }
}
