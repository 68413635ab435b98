package dev.sluice.core.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a task's attempts are admitted between "ready" and "started": the order they take in the
 * queues of concurrency limits and executor slots, the named rate limits they count against, and
 * how long an attempt may wait before it fails.
 *
 * @param priority higher goes first among attempts of runs of the same priority that wait for the
 *     same slot or permit (default 0; from {@value #MIN_PRIORITY} to {@value #MAX_PRIORITY})
 * @param rateLimits names of engine-wide rate limits ({@code Engine.builder().rateLimit(...)}) each
 *     start of this task takes a permit of, e.g. {@code "ray-cluster"}
 * @param queuedTimeout the longest an attempt may wait for a slot, a limit, a rate permit or a remote
 *     job that stays pending; past it the attempt fails with a {@code QueuedTimeoutException}
 */
public record Admission(int priority, List<String> rateLimits, Optional<Duration> queuedTimeout) {
  /** The lowest priority. */
  public static final int MIN_PRIORITY = -1000;
  /** The highest priority. */
  public static final int MAX_PRIORITY = 1000;
  /** Priority 0, no named rate limit, no queued timeout. */
  public static final Admission DEFAULT = new Admission(0, List.of(), Optional.empty());

  public Admission {
    requirePriority(priority, "task priority");
    rateLimits = List.copyOf(rateLimits);
    for (String key : rateLimits) {
      Names.requireIdentifier(key, "rate limit name");
    }
    Objects.requireNonNull(queuedTimeout, "queuedTimeout");
    queuedTimeout.ifPresent(t -> {
      if (t.isNegative() || t.isZero()) {
        throw new IllegalArgumentException("a queued timeout must be positive, got " + t);
      }
    });
  }

  /** Checks that {@code priority} is in [{@value #MIN_PRIORITY}, {@value #MAX_PRIORITY}]. */
  public static int requirePriority(int priority, String what) {
    if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException(what + " must be between " + MIN_PRIORITY + " and " + MAX_PRIORITY
          + ", got " + priority);
    }
    return priority;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset with these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.priority = priority;
    b.rateLimits.addAll(rateLimits);
    b.queuedTimeout = queuedTimeout.orElse(null);
    return b;
  }

  /** Mutable builder of {@link Admission}; {@link #build()} validates and freezes. */
  public static final class Builder {
    private int priority;
    private final List<String> rateLimits = new ArrayList<>();
    private Duration queuedTimeout;

    private Builder() {}

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /** Adds named rate limits each start takes a permit of. */
    public Builder rateLimits(String... names) {
      for (String name : names) {
        if (!rateLimits.contains(name)) {
          rateLimits.add(name);
        }
      }
      return this;
    }

    /** The longest an attempt may wait to start; null for no limit. */
    public Builder queuedTimeout(Duration timeout) {
      this.queuedTimeout = timeout;
      return this;
    }

    public Admission build() {
      return new Admission(priority, rateLimits, Optional.ofNullable(queuedTimeout));
    }
  }
}
