package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.RateLimit;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RateLimit} on the engine's clock: Resilience4j's {@code AtomicRateLimiter} semantics
 * (time cut into cycles of {@code limitRefreshPeriod} from the limiter's creation, {@code
 * limitForPeriod} permits at the start of each, unused ones not carried over), with the waiting
 * done the engine's way. Resilience4j's limiter reads {@code System.nanoTime()} and parks the
 * caller's thread to wait; here time is the engine's {@link Clock} (so virtual time drives it in
 * tests) and a waiter is queued ({@link WaitQueue}: priority, then round-robin across runs) and
 * woken by one timer at the start of the next cycle. Its config is validated by Resilience4j's
 * {@link RateLimiterConfig}.
 */
final class RateGate {
  /** What it limits, for a queued timeout's message. */
  final String what;
  private final int limitForPeriod;
  private final long periodNanos;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Instant start;
  private long cycle;
  private int available;
  private boolean wakeArmed;
  private final WaitQueue waiting = new WaitQueue();

  RateGate(String what, RateLimit limit, Clock clock, ScheduledExecutorService scheduler) {
    RateLimiterConfig config = RateLimiterConfig.custom()
        .limitForPeriod(limit.permits())
        .limitRefreshPeriod(limit.period())
        .timeoutDuration(Duration.ZERO) // the engine's queued timeout bounds the wait, not the limiter
        .build();
    this.what = what;
    this.limitForPeriod = config.getLimitForPeriod();
    this.periodNanos = config.getLimitRefreshPeriod().toNanos();
    this.clock = clock;
    this.scheduler = scheduler;
    this.start = clock.instant();
    this.available = limitForPeriod;
  }

  /** Takes a permit for {@code a} if one is left this cycle and nobody waits (true); else queues it. */
  synchronized boolean enter(Admittee a) {
    refill();
    if (available > 0 && waiting.isEmpty()) {
      available--;
      return true;
    }
    waiting.add(a);
    armWake();
    return false;
  }

  /** Takes {@code a} out of the queue; false if it is not there (it was let through). */
  synchronized boolean withdraw(Admittee a) {
    return waiting.remove(a);
  }

  /** A new cycle began: lets through as many waiters as it has permits, in queue order. */
  private void wake() {
    List<Admittee> go = new ArrayList<>();
    synchronized (this) {
      wakeArmed = false;
      refill();
      while (available > 0 && !waiting.isEmpty()) {
        Admittee next = waiting.poll();
        if (!next.withdrawn()) {
          available--;
        }
        go.add(next); // a withdrawn waiter goes too, without a permit: its launch gives back what it holds
      }
      if (!waiting.isEmpty()) {
        armWake();
      }
    }
    for (Admittee a : go) {
      a.admitted();
    }
  }

  private void refill() {
    long c = nanosSinceStart() / periodNanos;
    if (c > cycle) {
      cycle = c;
      available = limitForPeriod;
    }
  }

  private void armWake() {
    if (!wakeArmed) {
      wakeArmed = true;
      long delay = Math.max(0, (cycle + 1) * periodNanos - nanosSinceStart());
      scheduler.schedule(this::wake, delay, TimeUnit.NANOSECONDS);
    }
  }

  private long nanosSinceStart() {
    Instant now = clock.instant();
    return (now.getEpochSecond() - start.getEpochSecond()) * 1_000_000_000L + (now.getNano() - start.getNano());
  }
}
