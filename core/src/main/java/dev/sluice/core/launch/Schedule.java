package dev.sluice.core.launch;

import dev.sluice.core.internal.trigger.CronExpressions;
import dev.sluice.core.internal.trigger.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * When a launch plan runs by itself: a cron expression in a time zone, or a fixed rate. The kinds
 * are closed.
 *
 * <pre>{@code
 * Schedule nightly = Schedule.cron("0 2 * * *", ZoneId.of("Europe/Paris")); // 02:00 Paris time
 * Schedule hourly = Schedule.every(Duration.ofHours(1));                     // on the hour, UTC
 * }</pre>
 */
public sealed interface Schedule permits Schedule.Cron, Schedule.FixedRate {

  /**
   * A standard 5-field cron expression (minute, hour, day of month, month, day of week; {@code *},
   * lists, ranges, steps and names such as {@code MON-FRI}) read in {@code zone}. Parsed with
   * cron-utils' Unix definition.
   *
   * @throws IllegalArgumentException if the expression is not valid 5-field cron, or never fires
   *     (such as {@code 0 0 30 2 *}: no 30 February), with the reason
   */
  static Cron cron(String expression, ZoneId zone) {
    return new Cron(expression, zone);
  }

  /** Every {@code period}, at multiples of it since the epoch (so every replica agrees). */
  static FixedRate every(Duration period) {
    return new FixedRate(period, Instant.EPOCH);
  }

  /** Every {@code period}, at {@code anchor} plus multiples of it. */
  static FixedRate every(Duration period, Instant anchor) {
    return new FixedRate(period, anchor);
  }

  /** The first firing strictly after {@code after}, or empty if there is none. */
  Optional<Instant> next(Instant after);

  /** A readable description for history and logs, e.g. {@code cron '0 2 * * *' Europe/Paris}. */
  String describe();

  /**
   * A cron schedule. Around daylight-saving changes: a wall-clock time skipped when clocks go
   * forward fires at the end of the gap (a job at 02:30 runs at 03:00 that night); a fixed time in
   * the hour that repeats when clocks go back fires once, at its first occurrence (a schedule whose
   * hour field is {@code *} keeps firing every real hour).
   *
   * @param expression a 5-field cron expression
   * @param zone the time zone the expression is read in
   */
  record Cron(String expression, ZoneId zone) implements Schedule {
    public Cron {
      Objects.requireNonNull(expression, "expression");
      Objects.requireNonNull(zone, "zone");
      CronExpressions.check(expression, zone);
    }

    @Override
    public Optional<Instant> next(Instant after) {
      return CronExpressions.next(expression, zone, after);
    }

    @Override
    public String describe() {
      return "cron '" + expression + "' " + zone.getId();
    }
  }

  /**
   * A fixed-rate schedule: fires at {@code anchor + k * period} for every integer k.
   *
   * @param period time between firings, at least 1 ms
   * @param anchor one firing time; the others follow from it
   */
  record FixedRate(Duration period, Instant anchor) implements Schedule {
    public FixedRate {
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(anchor, "anchor");
      if (period.compareTo(Duration.ofMillis(1)) < 0) {
        throw new IllegalArgumentException("a fixed-rate period must be at least 1 ms, got " + period);
      }
    }

    @Override
    public Optional<Instant> next(Instant after) {
      long periodNanos = period.toNanos();
      long elapsed = Duration.between(anchor, after).toNanos();
      long k = Math.floorDiv(elapsed, periodNanos) + 1;
      return Optional.of(anchor.plusNanos(Math.multiplyExact(k, periodNanos)));
    }

    @Override
    public String describe() {
      return "every " + Durations.format(period) + (anchor.equals(Instant.EPOCH) ? "" : " from " + anchor);
    }
  }
}
