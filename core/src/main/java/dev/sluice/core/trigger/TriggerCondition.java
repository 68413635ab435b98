package dev.sluice.core.trigger;

import dev.sluice.core.internal.trigger.Durations;
import dev.sluice.core.spi.MetricSource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * When a metric trigger fires. The kinds are closed: a value past a bound (with optional
 * hysteresis), a condition sustained for a duration, no data for a duration, and {@code and}/{@code
 * or} of conditions.
 *
 * <pre>{@code
 * TriggerCondition drop = TriggerCondition.below(accuracy, 0.85)  // accuracy < 0.85
 *     .rearmAt(0.88)                                              // fire again only after ≥ 0.88
 *     .sustainedFor(Duration.ofMinutes(10));                      // every evaluation for 10 minutes
 * TriggerCondition silent = TriggerCondition.absent(accuracy, Duration.ofHours(1));
 * TriggerCondition when = drop.or(silent);
 * }</pre>
 *
 * <p>Each evaluation gives a condition one of three truths: met, not met, or unknown (no data, or a
 * source that failed). {@code and} is met when every part is, not met when any part is not, and
 * unknown otherwise; {@code or} is met when any part is, not met when every part is not, unknown
 * otherwise. Only "met" fires: an empty result is never read as a value, a failed source never
 * fires.
 */
public sealed interface TriggerCondition
    permits TriggerCondition.Threshold,
        TriggerCondition.Sustained,
        TriggerCondition.Absent,
        TriggerCondition.AllOf,
        TriggerCondition.AnyOf {

  /** Met while the source's value is strictly below {@code bound}. */
  static Threshold below(MetricSource source, double bound) {
    return new Threshold(source, Direction.BELOW, bound, OptionalDouble.empty());
  }

  /** Met while the source's value is strictly above {@code bound}. */
  static Threshold above(MetricSource source, double bound) {
    return new Threshold(source, Direction.ABOVE, bound, OptionalDouble.empty());
  }

  /** Met once the source has answered with no series at all for {@code duration}. */
  static Absent absent(MetricSource source, Duration duration) {
    return new Absent(source, duration);
  }

  /** Met when every condition is. */
  static AllOf allOf(TriggerCondition... conditions) {
    return new AllOf(List.of(conditions));
  }

  /** Met when any condition is. */
  static AnyOf anyOf(TriggerCondition... conditions) {
    return new AnyOf(List.of(conditions));
  }

  /** This condition and {@code other}. */
  default AllOf and(TriggerCondition other) {
    return allOf(this, other);
  }

  /** This condition or {@code other}. */
  default AnyOf or(TriggerCondition other) {
    return anyOf(this, other);
  }

  /**
   * Met once this condition has been met at every evaluation for {@code duration} (like
   * Prometheus' {@code for:}). An evaluation where it is not met — not met, no data, or a failed
   * source — starts the count again.
   */
  default Sustained sustainedFor(Duration duration) {
    return new Sustained(this, duration);
  }

  /** The condition in words, e.g. {@code accuracy < 0.85 for 10m}. */
  String describe();

  /** Which side of the bound meets a {@link Threshold}. */
  enum Direction {
    ABOVE(">"),
    BELOW("<");

    private final String symbol;

    Direction(String symbol) {
      this.symbol = symbol;
    }

    /** {@code >} or {@code <}. */
    public String symbol() {
      return symbol;
    }

    /** Whether {@code value} is past {@code bound} on this side. */
    public boolean crosses(double value, double bound) {
      return this == ABOVE ? value > bound : value < bound;
    }
  }

  /**
   * The source's value past a bound. The source must answer with exactly one series (aggregate or
   * select in the query); several series are a query error, none is no data.
   *
   * @param rearm hysteresis: after the trigger launches, this threshold stays disarmed (not met)
   *     until the value has come back to {@code rearm} or beyond; empty for none
   */
  record Threshold(MetricSource source, Direction direction, double bound, OptionalDouble rearm)
      implements TriggerCondition {
    public Threshold {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(rearm, "rearm");
      if (!Double.isFinite(bound)) {
        throw new IllegalArgumentException("the bound of '" + source.name() + "' must be finite, got " + bound);
      }
      if (rearm.isPresent()) {
        double r = rearm.getAsDouble();
        boolean beyond = direction == Direction.BELOW ? r > bound : r < bound;
        if (!Double.isFinite(r) || !beyond) {
          throw new IllegalArgumentException(
              "the re-arm bound of '" + source.name() + " " + direction.symbol() + " "
                  + Durations.value(bound) + "' must be on the other side of the bound (" + (direction == Direction.BELOW ? "above" : "below")
                  + " " + Durations.value(bound) + "), got " + r);
        }
      }
    }

    /** This threshold with hysteresis: re-armed only once the value is back at {@code rearm}. */
    public Threshold rearmAt(double rearm) {
      return new Threshold(source, direction, bound, OptionalDouble.of(rearm));
    }

    /** Whether the value has come back far enough to re-arm. */
    public boolean rearms(double value) {
      double r = rearm.orElseThrow();
      return direction == Direction.BELOW ? value >= r : value <= r;
    }

    @Override
    public String describe() {
      return source.name() + " " + direction.symbol() + " " + Durations.value(bound)
          + (rearm.isPresent() ? " (re-arm at " + Durations.value(rearm.getAsDouble()) + ")" : "");
    }
  }

  /** A condition met at every evaluation for at least {@code duration}. */
  record Sustained(TriggerCondition condition, Duration duration) implements TriggerCondition {
    public Sustained {
      Objects.requireNonNull(condition, "condition");
      TriggerConditions.checkPositive(duration, "sustained-for duration");
    }

    @Override
    public String describe() {
      return condition.describe() + " for " + Durations.format(duration);
    }
  }

  /** The source answering with no series for at least {@code duration}. */
  record Absent(MetricSource source, Duration duration) implements TriggerCondition {
    public Absent {
      Objects.requireNonNull(source, "source");
      TriggerConditions.checkPositive(duration, "absence duration");
    }

    @Override
    public String describe() {
      return "no data for " + source.name() + " for " + Durations.format(duration);
    }
  }

  /** Every condition met. */
  record AllOf(List<TriggerCondition> conditions) implements TriggerCondition {
    public AllOf {
      conditions = TriggerConditions.checkParts(conditions, "allOf");
    }

    @Override
    public String describe() {
      return TriggerConditions.describe(conditions, " and ");
    }
  }

  /** Any condition met. */
  record AnyOf(List<TriggerCondition> conditions) implements TriggerCondition {
    public AnyOf {
      conditions = TriggerConditions.checkParts(conditions, "anyOf");
    }

    @Override
    public String describe() {
      return TriggerConditions.describe(conditions, " or ");
    }
  }
}
