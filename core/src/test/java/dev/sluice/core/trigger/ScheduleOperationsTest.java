package dev.sluice.core.trigger;

import static dev.sluice.core.trigger.Decision.LAUNCHED;
import static dev.sluice.core.trigger.Decision.PAUSED;
import static dev.sluice.core.trigger.Decision.RESUMED;
import static dev.sluice.core.trigger.TriggerFixture.decisions;
import static dev.sluice.core.trigger.TriggerFixture.last;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.MissedFiringPolicy;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.spi.LeaderElection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pause and resume through the store, backfill, and catch-up that agrees with backfill. */
class ScheduleOperationsTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private final TriggerFixture f = new TriggerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private LaunchPlan<Long, Long> hourly(MissedFiringPolicy missed) {
    return LaunchPlan.builder("hourly", f.retrain).defaultInput(0L).schedule(Schedule.every(HOUR)).missedFirings(missed)
        .scheduledInput((input, time) -> time.getEpochSecond() / 3600).build();
  }

  private static long hourOf(Instant t) {
    return t.getEpochSecond() / 3600;
  }

  private static final LeaderElection FOLLOWER = TriggerFixture.follower("follower");

  @Test
  void aPauseThroughOneReplicaStopsTheLeaderFiringUntilResumed() {
    LaunchPlan<Long, Long> plan = hourly(MissedFiringPolicy.SKIP);
    TestSource accuracy = new TestSource("accuracy").value(0.5);
    MetricTrigger<Long> trigger = MetricTrigger.builder("retrain-on-drop", plan)
        .when(TriggerCondition.below(accuracy, 0.85)).every(MINUTE).cooldown(Duration.ofDays(1)).build();
    TriggerService leader = f.start(b -> b.launchPlan(plan).trigger(trigger));
    TriggerService follower = f.start(b -> b.launchPlan(plan).trigger(trigger).leaderElection(FOLLOWER));
    assertThat(decisions(leader, "retrain-on-drop")).containsExactly(LAUNCHED);

    follower.pause("hourly", "alice", "data migration");
    follower.pause("retrain-on-drop", "alice", "");
    assertThat(leader.pauseOf("hourly")).hasValueSatisfying(p -> {
      assertThat(p.by()).isEqualTo("alice");
      assertThat(p.reason()).isEqualTo("data migration");
    });
    f.time.advance(HOUR.multipliedBy(2)); // 09:00 and 10:00 pass while paused
    assertThat(decisions(leader, "hourly")).containsExactly(PAUSED, PAUSED);
    assertThat(last(leader, "hourly").reason()).isEqualTo("1 firing of every 1h (2024-06-03T10:00:00Z) not run: paused by"
        + " alice at 2024-06-03T08:00:00Z (data migration)");
    assertThat(decisions(leader, "retrain-on-drop")).containsExactly(LAUNCHED, PAUSED);
    f.awaitFinished(1);
    assertThat(f.inputs).as("only the trigger's run before the pause").hasSize(1);

    assertThat(follower.resume("hourly", "bob")).isTrue();
    assertThat(follower.resume("hourly", "bob")).isFalse();
    f.time.advance(HOUR); // 11:00 runs; 09:00 and 10:00 are not caught up
    assertThat(decisions(leader, "hourly")).containsExactly(PAUSED, PAUSED, LAUNCHED);
    assertThat(decisions(follower, "hourly")).as("one history in the store").containsExactly(PAUSED, PAUSED, LAUNCHED);
    follower.resume("retrain-on-drop", "bob");
    f.time.advance(MINUTE);
    assertThat(decisions(leader, "retrain-on-drop")).startsWith(LAUNCHED, PAUSED, RESUMED);
    f.awaitFinished(2);
    assertThatThrownBy(() -> follower.pause("nightly", "alice", ""))
        .hasMessageContaining("no trigger or launch plan named 'nightly' in this service; it has [hourly, retrain-on-drop]");
  }

  @Test
  void aBackfillRunsEachMissedFiringWithItsTimeAtMostNAtATimeAndARepeatRunsNothingTwice() throws Exception {
    f.hold = new CountDownLatch(1);
    LaunchPlan<Long, Long> plan = hourly(MissedFiringPolicy.SKIP);
    TriggerService service = f.start(b -> b.launchPlan(plan));
    Instant from = Instant.parse("2024-06-01T00:00:00Z");
    Backfill backfill = service.backfill("hourly", from, from.plus(HOUR.multipliedBy(6)), 2);
    assertThat(backfill.firings()).hasSize(6).first().isEqualTo(from);
    assertThat(backfill.runs()).as("launched while the first two hold").hasSize(2);
    TriggerFixture.await(() -> f.inputs.size() == 2, "two runs running");
    f.hold.countDown();
    TriggerFixture.await(() -> {
      f.time.advance(Duration.ZERO); // each run's end launches the next on the service's timer
      return backfill.completion().toCompletableFuture().isDone();
    }, "the backfill done");
    Map<Instant, String> runs = backfill.completion().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(runs).hasSize(6).containsOnlyKeys(backfill.firings());
    assertThat(f.inputs).containsExactlyInAnyOrderElementsOf(
        LongStream.range(0, 6).map(i -> hourOf(from) + i).boxed().toList());
    assertThat(decisions(service, "hourly")).hasSize(6).containsOnly(LAUNCHED);
    assertThat(last(service, "hourly").reason()).startsWith("backfill of 2024-06-01T00:00:00Z … 2024-06-01T06:00:00Z, ");

    Backfill again = service.backfill("hourly", from, from.plus(HOUR.multipliedBy(6)), 3);
    TriggerFixture.await(() -> {
      f.time.advance(Duration.ZERO);
      return again.completion().toCompletableFuture().isDone();
    }, "the repeated backfill done");
    assertThat(again.completion().toCompletableFuture().get()).isEqualTo(runs);
    assertThat(f.inputs).as("no firing ran twice").hasSize(6);
  }

  @Test
  void runAllCatchesUpEveryMissedFiringOneAtATimeAndABackfilledOneIsNotRunAgain() {
    LaunchPlan<Long, Long> plan = hourly(MissedFiringPolicy.RUN_ALL);
    TriggerService first = f.start(b -> b.launchPlan(plan));
    f.time.advance(HOUR); // 09:00 runs
    f.awaitFinished(1);
    first.close();
    f.time.advance(Duration.ofMinutes(190)); // down through 10:00, 11:00, 12:00; back at 12:10
    TriggerService second = f.start(b -> b.launchPlan(plan));
    Backfill overlapping = second.backfill("hourly", Instant.parse("2024-06-03T11:00:00Z"), Instant.parse("2024-06-03T11:30:00Z"), 1);
    assertThat(overlapping.firings()).containsExactly(Instant.parse("2024-06-03T11:00:00Z"));
    TriggerFixture.await(() -> {
      f.time.advance(Duration.ZERO);
      return f.inputs.size() == 4;
    }, "09:00, and 10:00, 11:00, 12:00 caught up");
    assertThat(f.inputs).containsExactlyInAnyOrder(
        hourOf(Instant.parse("2024-06-03T09:00:00Z")), hourOf(Instant.parse("2024-06-03T10:00:00Z")),
        hourOf(Instant.parse("2024-06-03T11:00:00Z")), hourOf(Instant.parse("2024-06-03T12:00:00Z")));
    assertThat(second.history("hourly")).filteredOn(e -> e.reason().startsWith("catch-up of 3 firings")).hasSize(3);
    f.awaitFinished(4);
  }

  @Test
  void aBackfillIsRefusedForAPlanWithoutScheduleOrABackwardsRange() {
    LaunchPlan<Long, Long> plan = hourly(MissedFiringPolicy.SKIP);
    LaunchPlan<Long, Long> manual = LaunchPlan.builder("manual", f.retrain).defaultInput(1L).build();
    TriggerService service = f.start(b -> b.launchPlan(plan).launchPlan(manual));
    Instant t = TriggerFixture.START;
    assertThatThrownBy(() -> service.backfill("manual", t, t.plus(HOUR), 1))
        .hasMessage("launch plan 'manual' has no schedule, so no firings to backfill; launch it with its input instead");
    assertThatThrownBy(() -> service.backfill("hourly", t, t, 1))
        .hasMessage("a backfill range must end after it starts, got " + t + " … " + t);
    assertThatThrownBy(() -> service.backfill("hourly", t, t.plus(Duration.ofDays(500)), 1))
        .hasMessageContaining("would run more than 10000 firings");
    assertThatThrownBy(() -> service.backfill("hourly", t, t.plus(HOUR), 0))
        .hasMessage("a backfill runs at least 1 firing at a time, got 0");
    assertThat(decisions(service, "hourly")).isEmpty();
  }
}
