package dev.sluice.core.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * How many times a task is attempted and how long the engine waits between attempts: exponential
 * backoff with jitter, capped, and which failures are worth another attempt.
 *
 * <p>A timed-out attempt counts as a failure of type {@code TaskTimeoutException} and is retried
 * like any other unless aborted by {@link #abortOn()}.
 *
 * @param maxAttempts total attempts, at least 1 (1 means no retry)
 * @param initialBackoff wait before the first retry
 * @param multiplier growth of the wait per retry, at least 1
 * @param maxBackoff the wait never exceeds this
 * @param jitter randomization factor in [0, 1): each wait is drawn from {@code wait * (1 ± jitter)}
 * @param retryOn failures that retry; empty means every {@link Exception}
 * @param abortOn failures that never retry, even if they match {@code retryOn}
 * @param resize how the resources change for the attempt after an infrastructure failure of a
 *     kind, e.g. double the memory after {@link InfrastructureKind#OUT_OF_MEMORY}; a kind listed
 *     here is retried (within {@code maxAttempts}, unless aborted by {@code abortOn})
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    double multiplier,
    Duration maxBackoff,
    double jitter,
    List<Class<? extends Throwable>> retryOn,
    List<Class<? extends Throwable>> abortOn,
    Map<InfrastructureKind, UnaryOperator<Resources>> resize) {

  /** One attempt, no retry: the default for every task. */
  public static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO, 0, List.of(), List.of());

  /** A policy that changes no resources. */
  public RetryPolicy(
      int maxAttempts,
      Duration initialBackoff,
      double multiplier,
      Duration maxBackoff,
      double jitter,
      List<Class<? extends Throwable>> retryOn,
      List<Class<? extends Throwable>> abortOn) {
    this(maxAttempts, initialBackoff, multiplier, maxBackoff, jitter, retryOn, abortOn, Map.of());
  }

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1 (1 = no retry), got " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("backoff durations must not be negative");
    }
    if (!(multiplier >= 1)) { // also rejects NaN
      throw new IllegalArgumentException("backoff multiplier must be at least 1, got " + multiplier);
    }
    if (!(jitter >= 0 && jitter < 1)) { // also rejects NaN
      throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
    }
    retryOn = List.copyOf(retryOn);
    abortOn = List.copyOf(abortOn);
    resize = resize.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(resize));
  }

  /**
   * {@code maxAttempts} attempts with exponential backoff starting at {@code initialBackoff},
   * doubling, capped at 5 minutes, with 20 % jitter, retrying every exception.
   */
  public static RetryPolicy exponential(int maxAttempts, Duration initialBackoff) {
    return builder().maxAttempts(maxAttempts).initialBackoff(initialBackoff).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset with this policy's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.initialBackoff = initialBackoff;
    b.multiplier = multiplier;
    b.maxBackoff = maxBackoff;
    b.jitter = jitter;
    b.retryOn.addAll(retryOn);
    b.abortOn.addAll(abortOn);
    b.resize.putAll(resize);
    return b;
  }

  /** Whether a failed attempt with this cause may be followed by another attempt. */
  public boolean retries(Throwable failure) {
    for (Class<? extends Throwable> type : abortOn) {
      if (type.isInstance(failure)) {
        return false;
      }
    }
    if (retryOn.isEmpty()) {
      return failure instanceof Exception;
    }
    for (Class<? extends Throwable> type : retryOn) {
      if (type.isInstance(failure)) {
        return true;
      }
    }
    return false;
  }

  /** The wait after failed attempt number {@code attempt} (1-based), jitter applied. */
  public Duration backoff(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt numbers start at 1, got " + attempt);
    }
    if (initialBackoff.isZero()) {
      return Duration.ZERO;
    }
    // Computed in nanoseconds as a double: no per-step truncation, no minimum of 1 ms, and the
    // jitter is applied to the capped wait so that waits at the cap are still spread.
    double cap = nanos(maxBackoff);
    double wait = Math.min(nanos(initialBackoff) * Math.pow(multiplier, attempt - 1.0), cap);
    if (jitter > 0) {
      wait = Math.min(wait * (1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1)), cap);
    }
    return Duration.ofNanos((long) wait);
  }

  private static double nanos(Duration d) {
    return d.getSeconds() * 1e9 + d.getNano();
  }

  /** Mutable builder for {@link RetryPolicy}; {@link #build()} validates and freezes. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private double multiplier = 2;
    private Duration maxBackoff = Duration.ofMinutes(5);
    private double jitter = 0.2;
    private final List<Class<? extends Throwable>> retryOn = new ArrayList<>();
    private final List<Class<? extends Throwable>> abortOn = new ArrayList<>();
    private final Map<InfrastructureKind, UnaryOperator<Resources>> resize = new EnumMap<>(InfrastructureKind.class);

    private Builder() {}

    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
      return this;
    }

    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    /** Retry only these failures (and their subclasses). */
    @SafeVarargs
    public final Builder retryOn(Class<? extends Throwable>... types) {
      for (Class<? extends Throwable> type : types) {
        retryOn.add(type);
      }
      return this;
    }

    /** Never retry these failures. */
    @SafeVarargs
    public final Builder abortOn(Class<? extends Throwable>... types) {
      for (Class<? extends Throwable> type : types) {
        abortOn.add(type);
      }
      return this;
    }

    /**
     * After an infrastructure failure of {@code kind}, retries with the resources {@code change}
     * returns (given the failed attempt's): {@code onInfrastructureFailure(UNSCHEDULABLE, r -> r.withGpu(1))}.
     */
    public Builder onInfrastructureFailure(InfrastructureKind kind, UnaryOperator<Resources> change) {
      resize.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(change, "resource change"));
      return this;
    }

    /**
     * After the attempt ran out of memory (OOMKilled), retries with the resources {@code change}
     * returns: {@code onOutOfMemory(r -> r.withMemory(r.memoryBytes() * 2))} doubles the memory.
     */
    public Builder onOutOfMemory(UnaryOperator<Resources> change) {
      return onInfrastructureFailure(InfrastructureKind.OUT_OF_MEMORY, change);
    }

    public RetryPolicy build() {
      Duration cap = maxBackoff.compareTo(initialBackoff) < 0 ? initialBackoff : maxBackoff;
      return new RetryPolicy(maxAttempts, initialBackoff, multiplier, cap, jitter, retryOn, abortOn, resize);
    }
  }
}
