package dev.sluice.testing;

import dev.sluice.testing.internal.time.ManualScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A clock that only moves when the test {@linkplain #advance advances} it, and the scheduler it
 * drives: give both to an engine and its task timeouts and retry backoffs fire on {@code advance}
 * without real waiting. {@code @SluiceTest(virtualTime = true)} does the wiring and injects the
 * clock.
 *
 * <pre>{@code
 * TestClock clock = TestClock.create();
 * Engine engine = Engine.builder().clock(clock).scheduler(clock.scheduler()).build();
 * RunHandle<Model> run = engine.run(training, params);   // a task with a 10-minute timeout hangs
 * clock.awaitPendingTasks(1, Duration.ofSeconds(10));    // the engine armed its timeout
 * clock.advance(Duration.ofMinutes(10));                 // ... which fires now
 * }</pre>
 *
 * <p>Scheduled tasks run on the thread that calls {@code advance}, in deadline order; a task due now
 * waits for the next advance ({@code advance(Duration.ZERO)} runs it). The scheduler has no thread:
 * shutting it down drops what is pending.
 */
public final class TestClock extends Clock {
  /** Where a {@link #create()}d clock starts: a fixed instant, so timestamps repeat run after run. */
  public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

  private final ManualScheduler scheduler;
  private final ZoneId zone;

  private TestClock(ManualScheduler scheduler, ZoneId zone) {
    this.scheduler = scheduler;
    this.zone = zone;
  }

  /** A clock at {@link #DEFAULT_START}, in UTC. */
  public static TestClock create() {
    return at(DEFAULT_START);
  }

  /** A clock at {@code start}, in UTC. */
  public static TestClock at(Instant start) {
    return new TestClock(new ManualScheduler(start), ZoneOffset.UTC);
  }

  /** Moves time forward and runs, on this thread, every scheduled task that falls due. */
  public void advance(Duration by) {
    scheduler.advance(by);
  }

  /**
   * The scheduler this clock drives; give it to {@code Engine.builder().scheduler(..)} with the
   * clock. Shared by every clock {@linkplain #withZone derived} from this one.
   */
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** Scheduled tasks waiting for their time. */
  public int pendingTasks() {
    return scheduler.pending();
  }

  /**
   * Waits in real time, at most {@code timeout}, until at least {@code count} tasks are scheduled:
   * the engine arms timers from its own threads, so a test awaits them before advancing past them.
   *
   * @throws AssertionError if fewer are scheduled when the timeout passes
   */
  public void awaitPendingTasks(int count, Duration timeout) {
    try {
      if (!scheduler.awaitPending(count, timeout)) {
        throw new AssertionError(
            "expected at least " + count + " scheduled task(s) within " + timeout + " but "
                + scheduler.pending() + " are pending at " + instant() + ". The engine schedules a"
                + " timer for each running attempt with a timeout and for each retry backoff");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for scheduled tasks", e);
    }
  }

  @Override
  public Instant instant() {
    return scheduler.now();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same time and scheduler, seen in another zone. */
  @Override
  public TestClock withZone(ZoneId zone) {
    return new TestClock(scheduler, Objects.requireNonNull(zone, "zone"));
  }

  @Override
  public String toString() {
    return "TestClock[" + instant() + ", " + zone + "]";
  }
}
