package dev.sluice.core.internal.trigger;

import com.google.common.hash.Hashing;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.MissedFiringPolicy;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.Pause;
import dev.sluice.core.trigger.TriggerEvaluation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One schedule of a launch plan. It stores the last firing it handled; at each wake-up the
 * firings due since then are counted: the latest one launches if it is at most {@link #GRACE}
 * old, the others were missed (the service was down or late) and follow the plan's policy. A
 * paused schedule records its firings as paused and runs none. Every run carries the run key of
 * its scheduled time, and goes through the plan's overlap policy.
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
  private final Overlap overlap;
  private final Pauses pauses;
  private final Backfills backfills;
  private Instant lastHandled;

  ScheduleLoop(
      LaunchPlan<?, ?> plan, Schedule schedule, DefaultTriggerService.Config config, StateStore state, History history,
      Overlap overlap, Pauses pauses, Backfills backfills) {
    super(plan.name(), config, state, history);
    this.plan = plan;
    this.schedule = schedule;
    this.overlap = overlap;
    this.pauses = pauses;
    this.backfills = backfills;
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
    Instant last = null;
    Deque<Instant> recent = new ArrayDeque<>(); // the newest due firings, for RUN_ALL
    for (Optional<Instant> n = schedule.next(lastHandled); n.isPresent() && !n.get().isAfter(now); n = schedule.next(n.get())) {
      first = first == null ? n.get() : first;
      last = n.get();
      recent.addLast(last);
      if (recent.size() > MissedFiringPolicy.MAX_CAUGHT_UP + 1) {
        recent.removeFirst();
      }
      if (++count == MAX_COUNTED) {
        last = now;
        break;
      }
    }
    if (count == 0) {
      wakeAfter(lastHandled.isAfter(now) ? lastHandled : now);
      return;
    }
    Optional<Pause> pause = pauses.read(name);
    if (pause.isPresent()) {
      record(new TriggerEvaluation(name, now, Decision.PAUSED,
          count + " firing" + (count == 1 ? "" : "s") + " of " + schedule.describe() + " ("
              + (count == 1 ? first : first + " … " + last) + ") not run: paused by " + pause.get().by() + " at "
              + pause.get().at() + (pause.get().reason().isEmpty() ? "" : " (" + pause.get().reason() + ")"),
          List.of(), Optional.empty()));
    } else {
      handle(now, count, first, last, recent);
    }
    lastHandled = last;
    save();
    wakeAfter(last);
  }

  /** Launches the firing on time and follows the missed-firing policy for the others. */
  private void handle(Instant now, int count, Instant first, Instant last, Deque<Instant> recent) {
    boolean onTime = count < MAX_COUNTED && Duration.between(last, now).compareTo(GRACE) <= 0;
    int missed = onTime ? count - 1 : count;
    if (onTime) {
      recent.removeLast();
    }
    Instant lastMissed = recent.isEmpty() ? null : recent.getLast();
    String missedText =
        (count == MAX_COUNTED ? "more than " : "") + missed + " firing" + (missed == 1 ? "" : "s") + " of "
            + schedule.describe() + " missed while the service was down or late ("
            + (missed == 1 ? first : first + " … " + lastMissed) + ")";
    MissedFiringPolicy policy = plan.missedFirings();
    if (missed > 0 && policy == MissedFiringPolicy.SKIP) {
      record(new TriggerEvaluation(name, now, Decision.SKIPPED, missedText + "; policy SKIP: not run", List.of(), Optional.empty()));
    } else if (missed > 0 && policy == MissedFiringPolicy.RUN_ALL) {
      List<Instant> catchUp = new ArrayList<>(recent);
      while (catchUp.size() > MissedFiringPolicy.MAX_CAUGHT_UP) {
        catchUp.remove(0);
      }
      if (catchUp.size() < missed) {
        record(new TriggerEvaluation(name, now, Decision.SKIPPED, (missed - catchUp.size()) + " of the " + missedText
            + " are older than the newest " + MissedFiringPolicy.MAX_CAUGHT_UP + "; policy RUN_ALL: those not run",
            List.of(), Optional.empty()));
      }
      backfills.start(plan, catchUp, 1, "catch-up of " + missedText + ", policy RUN_ALL");
    } else if (missed > 0 && !onTime) {
      fire(now, lastMissed, missedText + "; policy RUN_ONCE");
    }
    if (onTime) {
      String reason = schedule.describe() + ": firing at " + last;
      if (missed > 0 && policy == MissedFiringPolicy.RUN_ONCE) {
        reason += " (also covers " + missedText + ")";
      }
      fire(now, last, reason);
    }
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

  private void fire(Instant now, Instant scheduled, String reason) {
    overlap.fire(now, plan.overlap(), reason,
        () -> plan.launchScheduled(engine, scheduled, Map.of(LABEL, schedule.describe()), Origin.launchPlan(plan.name())),
        (at, decision, why, run) ->
            record(new TriggerEvaluation(name, at, decision, why, List.of(), run.map(RunHandle::runId))));
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
