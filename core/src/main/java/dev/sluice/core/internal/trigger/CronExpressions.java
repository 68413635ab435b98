package dev.sluice.core.internal.trigger;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Optional;

/** Standard 5-field cron through cron-utils' Unix definition (its types stay in here). */
public final class CronExpressions {
  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private CronExpressions() {}

  /** A fixed instant to ask whether an expression fires at all (5-field cron has no year). */
  private static final Instant REFERENCE = Instant.parse("2000-01-01T00:00:00Z");

  /**
   * Throws a message naming the expression, the problem and the expected form if it is invalid, or
   * if it never fires in {@code zone} (such as {@code 0 0 30 2 *}: there is no 30 February).
   */
  public static void check(String expression, ZoneId zone) {
    if (next(expression, zone, REFERENCE).isEmpty()) {
      throw new IllegalArgumentException(
          "cron expression '" + expression + "' in " + zone.getId() + " never fires: no date matches its"
              + " day-of-month, month and day-of-week fields (such as 30 February or 31 April). Fix: name a"
              + " day that exists in the month, or use '*' for the day of month");
    }
  }

  /**
   * The first firing strictly after {@code after}, with the expression read in {@code zone}. A
   * wall-clock time that a daylight-saving gap skips fires at the end of the gap (cron-utils alone
   * would skip it, and a job at 02:30 would not run on the night clocks go forward).
   */
  public static Optional<Instant> next(String expression, ZoneId zone, Instant after) {
    ExecutionTime time = parse(expression);
    Optional<Instant> next =
        time.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    if (next.isEmpty()) {
      // Never fires (30 February): there is no gap to fire in either, since a gap's match is one
      // cron-utils skipped. Looking through the transitions of a zone with daylight saving, which
      // go on forever, is what used to hang here.
      return next;
    }
    ZoneRules rules = zone.getRules();
    for (ZoneOffsetTransition t = rules.nextTransition(after);
        t != null && t.getInstant().isBefore(next.get());
        t = rules.nextTransition(t.getInstant())) {
      if (t.isGap() && matchesInGap(time, t)) {
        return Optional.of(t.getInstant());
      }
    }
    return next;
  }

  /** Whether a wall-clock time in the gap {@code [before, after)} of {@code t} matches. */
  private static boolean matchesInGap(ExecutionTime time, ZoneOffsetTransition t) {
    ZonedDateTime justBefore = ZonedDateTime.of(t.getDateTimeBefore().minusNanos(1), t.getOffsetBefore());
    return time.nextExecution(justBefore)
        .map(m -> m.toLocalDateTime().isBefore(t.getDateTimeAfter()))
        .orElse(false);
  }

  private static ExecutionTime parse(String expression) {
    try {
      return ExecutionTime.forCron(UNIX.parse(expression.strip()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cron expression '" + expression + "' is not valid (" + e.getMessage() + "); Sluice reads"
              + " standard 5-field cron: minute hour day-of-month month day-of-week, e.g. '0 2 * * *'"
              + " for every day at 02:00",
          e);
    }
  }
}
