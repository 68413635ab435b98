package dev.sluice.core.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code permits} starts per {@code period}, across the runs of one engine: Resilience4j's
 * rate-limiter semantics ({@code limitForPeriod} per {@code limitRefreshPeriod}, the periods counted
 * from when the engine first uses the limit; permits left unused in a period do not carry over).
 * An attempt that finds no permit waits in the limit's queue (by priority, then round-robin across
 * runs) without holding a thread, until a new period begins or its queued timeout passes.
 *
 * @param permits starts allowed per period, at least 1
 * @param period the length of a period, at least 1 ns
 */
public record RateLimit(int permits, Duration period) {
  public RateLimit {
    if (permits < 1) {
      throw new IllegalArgumentException("a rate limit allows at least 1 start per period, got " + permits);
    }
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("a rate limit's period must be positive, got " + period);
    }
  }

  /** {@code permits} starts per {@code period}: {@code RateLimit.of(10, Duration.ofMinutes(1))}. */
  public static RateLimit of(int permits, Duration period) {
    return new RateLimit(permits, period);
  }

  @Override
  public String toString() {
    return permits + " per " + period;
  }
}
