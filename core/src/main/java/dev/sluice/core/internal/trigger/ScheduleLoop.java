package dev.sluice.core.internal.trigger;

import com.google.common.hash.Hashing;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.MissedFiringPolicy;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.TriggerEvaluation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One schedule of a launch plan. It stores the last firing it handled; at each wake-up the
 * firings due since then are counted: the latest one launches if it is at most {@link #GRACE}
 * old, the others were missed (the service was down or late) and follow the plan's policy.
 */
final class ScheduleLoop extends Loop {
  /** How late a firing may be handled and still count as on time. */
  static final Duration GRACE = Duration.ofMinutes(1);
  /** Most due firings counted at one wake-up (beyond, the rest are skipped uncounted). */
  static final int MAX_COUNTED = 100_000;
  /** The run label naming the schedule that launched a run. */
  static final String LABEL = "schedule";

  private final LaunchPlan<?, ?> plan;
  private final Schedule schedule;
  private final String stateKey;
  private Instant lastHandled;

  ScheduleLoop(
      LaunchPlan<?, ?> plan, Schedule schedule, DefaultTriggerService.Config config, StateStore state, History history) {
    super(plan.name(), config, state, history);
    this.plan = plan;
    this.schedule = schedule;
    String id = Hashing.sha256().hashString(schedule.describe(), StandardCharsets.UTF_8).toString().substring(0, 16);
    this.stateKey = "launch-plans/" + plan.name() + "/schedules/" + id + ".json";
  }

  @Override
  void start() {
    wakeAt(clock.instant());
  }

  @Override
  void wake() {
    Instant now = clock.instant();
    if (!leader.isLeader()) {
      leading = false;
      wakeAfter(now);
      return;
    }
    if (!leading) {
      load(now);
      leading = true;
    }
    int count = 0;
    Instant first = null;
    Instant beforeLast = null;
    Instant last = null;
    for (Optional<Instant> n = schedule.next(lastHandled); n.isPresent() && !n.get().isAfter(now); n = schedule.next(n.get())) {
      first = first == null ? n.get() : first;
      beforeLast = last;
      last = n.get();
      if (++count == MAX_COUNTED) {
        last = now;
        break;
      }
    }
    if (count == 0) {
      wakeAfter(lastHandled.isAfter(now) ? lastHandled : now);
      return;
    }
    boolean onTime = count < MAX_COUNTED && Duration.between(last, now).compareTo(GRACE) <= 0;
    int missed = onTime ? count - 1 : count;
    Instant lastMissed = onTime ? beforeLast : last;
    String missedText =
        (count == MAX_COUNTED ? "more than " : "") + missed + " firing" + (missed == 1 ? "" : "s") + " of "
            + schedule.describe() + " missed while the service was down or late ("
            + (missed == 1 ? first : first + " … " + lastMissed) + ")";
    if (missed > 0 && plan.missedFirings() == MissedFiringPolicy.SKIP) {
      record(new TriggerEvaluation(name, now, Decision.SKIPPED, missedText + "; policy SKIP: not run", List.of(), Optional.empty()));
    } else if (missed > 0 && !onTime) {
      fire(now, missedText + "; policy RUN_ONCE");
    }
    if (onTime) {
      String reason = schedule.describe() + ": firing at " + last;
      if (missed > 0 && plan.missedFirings() == MissedFiringPolicy.RUN_ONCE) {
        reason += " (also covers " + missedText + ")";
      }
      fire(now, reason);
    }
    lastHandled = last;
    save();
    wakeAfter(last);
  }

  /** Arranges the next wake-up at the first firing after {@code after}, if there is one. */
  private void wakeAfter(Instant after) {
    Optional<Instant> next = schedule.next(after);
    if (next.isPresent()) {
      wakeAt(next.get());
    } else {
      log.info("{}: {} has no firing after {}; it is done", name, schedule.describe(), after);
    }
  }

  private void fire(Instant now, String reason) {
    try {
      RunHandle<?> run = plan.launch(engine, UnaryOperator.identity(), Map.of(LABEL, schedule.describe()));
      record(new TriggerEvaluation(name, now, Decision.LAUNCHED, reason + " → launched run " + run.runId(), List.of(), Optional.of(run.runId())));
    } catch (RuntimeException e) {
      record(new TriggerEvaluation(name, now, Decision.LAUNCH_FAILED, reason + " but the launch failed: " + e, List.of(), Optional.empty()));
    }
  }

  private void load(Instant now) {
    lastHandled =
        state.read(stateKey)
            .filter(s -> s.hasNonNull("lastFiring"))
            .map(s -> Instant.parse(s.get("lastFiring").asText()))
            .orElse(null);
    if (lastHandled == null) {
      lastHandled = now; // a new schedule has missed nothing
      save();
    }
  }

  private void save() {
    state.write(stateKey, state.newObject().put("schedule", schedule.describe()).put("lastFiring", lastHandled.toString()));
  }
}
