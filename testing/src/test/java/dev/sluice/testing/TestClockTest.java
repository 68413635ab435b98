package dev.sluice.testing;

import static dev.sluice.testing.SluiceAssertions.assertThat;
import static dev.sluice.testing.SluiceAssertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TestClockTest {
  final TestClock clock = TestClock.create();
  final ScheduledExecutorService scheduler = clock.scheduler();
  final List<String> ran = new CopyOnWriteArrayList<>();

  private Runnable log(String name) {
    return () -> ran.add(name + "@" + clock.instant());
  }

  @Test
  void timeStandsStillUntilAdvanced() {
    assertThat(clock.instant()).isEqualTo(TestClock.DEFAULT_START);
    clock.advance(Duration.ofMinutes(90));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2025-01-01T01:30:00Z"));
    assertThat(clock.millis()).isEqualTo(clock.instant().toEpochMilli());
  }

  @Test
  void dueTasksRunInDeadlineOrderEachAtItsOwnTime() {
    scheduler.schedule(log("late"), 2, TimeUnit.HOURS);
    scheduler.schedule(log("early"), 10, TimeUnit.MINUTES);
    scheduler.schedule(log("never"), 3, TimeUnit.HOURS);

    clock.advance(Duration.ofHours(2));

    assertThat(ran).containsExactly("early@2025-01-01T00:10:00Z", "late@2025-01-01T02:00:00Z");
    assertThat(clock.pendingTasks()).isEqualTo(1);
    assertThat(clock.instant()).isEqualTo(Instant.parse("2025-01-01T02:00:00Z"));
  }

  @Test
  void aTaskIsNotRunBeforeItsDeadline() {
    ScheduledFuture<?> f = scheduler.schedule(log("timeout"), 10, TimeUnit.MINUTES);

    clock.advance(Duration.ofMinutes(10).minusNanos(1));
    assertThat(ran).isEmpty();
    assertThat(f.getDelay(TimeUnit.NANOSECONDS)).isEqualTo(1);

    clock.advance(Duration.ofNanos(1));
    assertThat(ran).containsExactly("timeout@2025-01-01T00:10:00Z");
    assertThat(f.isDone()).isTrue();
  }

  @Test
  void tasksDueNowWaitForTheNextAdvance() {
    scheduler.execute(log("now"));
    assertThat(ran).isEmpty();

    clock.advance(Duration.ZERO);
    assertThat(ran).containsExactly("now@2025-01-01T00:00:00Z");
  }

  @Test
  void aTaskScheduledByATaskRunsInTheSameAdvanceIfItFallsDue() {
    scheduler.schedule(() -> scheduler.schedule(log("retry"), 1, TimeUnit.HOURS), 10, TimeUnit.MINUTES);

    clock.advance(Duration.ofHours(2));
    assertThat(ran).containsExactly("retry@2025-01-01T01:10:00Z");
  }

  @Test
  void aCancelledTaskNeverRunsAndIsNoLongerPending() {
    ScheduledFuture<?> f = scheduler.schedule(log("cancelled"), 1, TimeUnit.MINUTES);

    assertThat(f.cancel(false)).isTrue();
    assertThat(clock.pendingTasks()).isZero();
    clock.advance(Duration.ofHours(1));
    assertThat(ran).isEmpty();
  }

  @Test
  void periodicTasksRepeatAtAFixedRateOrWithAFixedDelay() {
    scheduler.scheduleAtFixedRate(log("rate"), 0, 30, TimeUnit.MINUTES);
    scheduler.scheduleWithFixedDelay(log("delay"), 45, 45, TimeUnit.MINUTES);

    clock.advance(Duration.ofMinutes(90));

    assertThat(ran)
        .containsExactly(
            "rate@2025-01-01T00:00:00Z",
            "rate@2025-01-01T00:30:00Z",
            "delay@2025-01-01T00:45:00Z",
            "rate@2025-01-01T01:00:00Z",
            "rate@2025-01-01T01:30:00Z",
            "delay@2025-01-01T01:30:00Z");
  }

  @Test
  void scheduledCallablesGiveTheirValue() throws Exception {
    ScheduledFuture<String> f = scheduler.schedule(() -> "done", 5, TimeUnit.SECONDS);
    clock.advance(Duration.ofSeconds(5));
    assertThat(f.get(0, TimeUnit.SECONDS)).isEqualTo("done");
  }

  @Test
  void timeOnlyMovesForward() {
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("time only moves forward; advance by PT-1S is negative");
  }

  @Test
  void shuttingDownDropsPendingTasksAndRefusesNewOnes() {
    scheduler.schedule(log("dropped"), 1, TimeUnit.MINUTES);

    assertThat(scheduler.shutdownNow()).hasSize(1);
    assertThat(scheduler.isTerminated()).isTrue();
    clock.advance(Duration.ofHours(1));
    assertThat(ran).isEmpty();
    assertThatThrownBy(() -> scheduler.schedule(log("late"), 1, TimeUnit.MINUTES))
        .isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void aClockInAnotherZoneSharesTimeAndScheduler() {
    TestClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    paris.advance(Duration.ofHours(1));

    assertThat(clock.instant()).isEqualTo(paris.instant());
    assertThat(paris.scheduler()).isSameAs(scheduler);
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void awaitingTasksThatAreNeverScheduledFailsWithWhatIsPending() {
    scheduler.schedule(log("one"), 1, TimeUnit.MINUTES);

    assertThatThrownBy(() -> clock.awaitPendingTasks(2, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("expected at least 2 scheduled task(s) within PT0.05S but 1 are pending at"
            + " 2025-01-01T00:00:00Z");
  }

  @Test
  void awaitingSeesATaskScheduledFromAnotherThread() throws InterruptedException {
    Thread other = new Thread(() -> scheduler.schedule(log("from another thread"), 1, TimeUnit.MINUTES));
    other.start();

    clock.awaitPendingTasks(1, Duration.ofSeconds(10));
    assertThat(clock.pendingTasks()).isEqualTo(1);
    other.join(10_000);
  }
}
