package dev.sluice.core.trigger;

import java.time.Duration;
import java.util.Objects;

/**
 * How the trigger service calls a metric source (through Resilience4j): each read is bounded by a
 * timeout; a read that fails because the source is unavailable is retried with exponential
 * backoff; a circuit breaker per source stops calling a source that keeps failing, for a while. A
 * query the source refuses is never retried.
 *
 * @param timeout longest wait for one read
 * @param maxAttempts reads per evaluation, at least 1 (1 = no retry)
 * @param retryWait wait before the first retry, doubled for each next one
 * @param breakerWindow how many recent reads the breaker looks at
 * @param breakerFailureRate percentage of failed reads in the window that opens the breaker
 * @param breakerOpenFor how long an open breaker refuses reads before trying one again
 */
public record SourcePolicy(
    Duration timeout,
    int maxAttempts,
    Duration retryWait,
    int breakerWindow,
    float breakerFailureRate,
    Duration breakerOpenFor) {

  /** 10 s timeout, 3 attempts from 500 ms, breaker opening at 50 % of 10 reads, for 1 minute. */
  public static final SourcePolicy DEFAULT =
      new SourcePolicy(Duration.ofSeconds(10), 3, Duration.ofMillis(500), 10, 50, Duration.ofMinutes(1));

  public SourcePolicy {
    TriggerConditions.checkPositive(timeout, "source timeout");
    TriggerConditions.checkPositive(retryWait, "source retry wait");
    TriggerConditions.checkPositive(breakerOpenFor, "time a source's open breaker waits");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("source maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (breakerWindow < 1) {
      throw new IllegalArgumentException("source breakerWindow must be at least 1, got " + breakerWindow);
    }
    if (!(breakerFailureRate > 0 && breakerFailureRate <= 100)) {
      throw new IllegalArgumentException(
          "source breakerFailureRate is a percentage in (0, 100], got " + breakerFailureRate);
    }
  }

  /** A builder preset with these values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Mutable builder of a {@link SourcePolicy}, from the defaults. */
  public static Builder builder() {
    return new Builder(DEFAULT);
  }

  /** Mutable builder of a {@link SourcePolicy}. */
  public static final class Builder {
    private Duration timeout;
    private int maxAttempts;
    private Duration retryWait;
    private int breakerWindow;
    private float breakerFailureRate;
    private Duration breakerOpenFor;

    private Builder(SourcePolicy from) {
      this.timeout = from.timeout;
      this.maxAttempts = from.maxAttempts;
      this.retryWait = from.retryWait;
      this.breakerWindow = from.breakerWindow;
      this.breakerFailureRate = from.breakerFailureRate;
      this.breakerOpenFor = from.breakerOpenFor;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder retryWait(Duration retryWait) {
      this.retryWait = Objects.requireNonNull(retryWait, "retryWait");
      return this;
    }

    public Builder breaker(int window, float failureRatePercent, Duration openFor) {
      this.breakerWindow = window;
      this.breakerFailureRate = failureRatePercent;
      this.breakerOpenFor = Objects.requireNonNull(openFor, "openFor");
      return this;
    }

    public SourcePolicy build() {
      return new SourcePolicy(timeout, maxAttempts, retryWait, breakerWindow, breakerFailureRate, breakerOpenFor);
    }
  }
}
