package dev.sluice.core.internal.trigger;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;

/** Short texts for durations and values in reasons: {@code 10m}, {@code 1h30m}, {@code 0.81}. */
public final class Durations {
  private Durations() {}

  /** {@code 250ms}, {@code 45s}, {@code 1.5s}, {@code 10m}, {@code 1h30m}, {@code 2d}. */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      long millis = d.toMillis();
      return millis > 0 || d.isZero() ? millis + "ms" : d.toNanos() + "ns";
    }
    StringBuilder sb = new StringBuilder();
    long days = d.toDays();
    if (days > 0) {
      sb.append(days).append('d');
    }
    if (d.toHoursPart() > 0) {
      sb.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      sb.append(d.toMinutesPart()).append('m');
    }
    int seconds = d.toSecondsPart();
    int millis = d.toMillisPart();
    if (millis > 0) {
      sb.append(BigDecimal.valueOf(seconds * 1000L + millis, 3).stripTrailingZeros().toPlainString()).append('s');
    } else if (seconds > 0) {
      sb.append(seconds).append('s');
    }
    return sb.toString();
  }

  /** A value with at most 4 significant digits, no exponent: {@code 0.8123}, {@code 12350}. */
  public static String value(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
