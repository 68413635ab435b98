package dev.sluice.core.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a run may take: when it is still running {@code within} after it started, the engine
 * publishes {@link RunEvent.RunLate} to the run's listeners (notifiers send an alert) and, with
 * {@link #cancelling()}, cancels the run. A launch plan's SLA is a deadline for every run it
 * launches.
 *
 * @param within the time from the run's start
 * @param cancel whether the run is cancelled when late (else it only is reported)
 */
public record Deadline(Duration within, boolean cancel) {
  public Deadline {
    Objects.requireNonNull(within, "within");
    if (within.isNegative() || within.isZero()) {
      throw new IllegalArgumentException("a deadline must be after the run's start, got " + within);
    }
  }

  /** Reports the run late after {@code within}; lets it run on. */
  public static Deadline notifyAfter(Duration within) {
    return new Deadline(within, false);
  }

  /** Reports the run late after {@code within} and cancels it. */
  public static Deadline cancelAfter(Duration within) {
    return new Deadline(within, true);
  }

  /** Whether the run is cancelled when late. */
  public boolean cancelling() {
    return cancel;
  }
}
