package dev.sluice.core.internal.trigger;

import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.trigger.Backfill;
import dev.sluice.core.trigger.TriggerEvaluation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Starts backfills (by operators, and the catch-up of {@code RUN_ALL}) and records their launches. */
final class Backfills {
  /** The most firings one backfill may run. */
  static final int MAX_FIRINGS = 10_000;

  private final DefaultTriggerService.Config config;
  private final Function<String, History> histories;
  private final AtomicInteger ids = new AtomicInteger();

  Backfills(DefaultTriggerService.Config config, Function<String, History> histories) {
    this.config = config;
    this.histories = histories;
  }

  /**
   * The firings of {@code plan}'s schedules in {@code [from, to)}, oldest first, one per instant.
   *
   * @throws IllegalArgumentException if the plan has no schedule, the range is empty or backwards,
   *     or it holds more than {@link #MAX_FIRINGS} firings
   */
  static List<Instant> firings(LaunchPlan<?, ?> plan, Instant from, Instant to) {
    if (plan.schedules().isEmpty()) {
      throw new IllegalArgumentException("launch plan '" + plan.name() + "' has no schedule, so no firings to backfill;"
          + " launch it with its input instead");
    }
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("a backfill range must end after it starts, got " + from + " … " + to);
    }
    TreeSet<Instant> all = new TreeSet<>();
    for (Schedule s : plan.schedules()) {
      for (Optional<Instant> n = s.next(from.minusNanos(1)); n.isPresent() && n.get().isBefore(to); n = s.next(n.get())) {
        all.add(n.get());
        if (all.size() > MAX_FIRINGS) {
          throw new IllegalArgumentException("backfilling plan '" + plan.name() + "' from " + from + " to " + to
              + " would run more than " + MAX_FIRINGS + " firings; backfill a shorter range at a time");
        }
      }
    }
    return new ArrayList<>(all);
  }

  /** Starts a backfill of {@code firings}, recorded in the plan's history. */
  Backfill start(LaunchPlan<?, ?> plan, List<Instant> firings, int concurrency, String why) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("a backfill runs at least 1 firing at a time, got " + concurrency);
    }
    History history = histories.apply(plan.name());
    String id = "backfill-" + ids.incrementAndGet() + "@" + config.clock().instant();
    Overlap.Recorder recorder = (at, decision, reason, run) -> {
      TriggerEvaluation e = new TriggerEvaluation(plan.name(), at, decision, why + ", " + reason, List.of(),
          run.map(RunHandle::runId));
      history.append(e);
      for (var l : config.listeners()) {
        try {
          l.accept(e);
        } catch (RuntimeException ignored) {
          // listeners must not throw; a throwing one misses nothing else
        }
      }
    };
    return new BackfillRun(plan, config.engine(), config.clock(), config.scheduler(), id, firings, concurrency, recorder)
        .start();
  }
}
