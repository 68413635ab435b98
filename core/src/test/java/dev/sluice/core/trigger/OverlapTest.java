package dev.sluice.core.trigger;

import static dev.sluice.core.trigger.Decision.DEBOUNCED;
import static dev.sluice.core.trigger.Decision.IN_FLIGHT;
import static dev.sluice.core.trigger.Decision.LAUNCHED;
import static dev.sluice.core.trigger.Decision.NOT_MET;
import static dev.sluice.core.trigger.Decision.QUEUED;
import static dev.sluice.core.trigger.Decision.QUEUE_FULL;
import static dev.sluice.core.trigger.TriggerFixture.decisions;
import static dev.sluice.core.trigger.TriggerFixture.last;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.OverlapPolicy;
import dev.sluice.core.launch.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Overlap policies of schedules and triggers, and debounce, on manual time. */
class OverlapTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private final TriggerFixture f = new TriggerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  /** An hourly plan whose runs get their scheduled hour (hours since the epoch) as input. */
  private LaunchPlan<Long, Long> hourly(OverlapPolicy overlap) {
    return LaunchPlan.builder("hourly", f.retrain).defaultInput(0L).schedule(Schedule.every(HOUR)).overlap(overlap)
        .scheduledInput((input, time) -> time.getEpochSecond() / 3600).build();
  }

  private static long hourOf(String instant) {
    return Instant.parse(instant).getEpochSecond() / 3600;
  }

  @Test
  void skipDropsAFiringWhileTheLastRunStillRuns() {
    f.hold = new CountDownLatch(1);
    TriggerService service = f.start(b -> b.launchPlan(hourly(OverlapPolicy.skip())));
    f.time.advance(HOUR.multipliedBy(2)); // 09:00 launches, 10:00 finds it running
    assertThat(decisions(service, "hourly")).containsExactly(LAUNCHED, IN_FLIGHT);
    String first = service.history("hourly").get(0).runId().orElseThrow();
    assertThat(last(service, "hourly").reason())
        .isEqualTo("every 1h: firing at 2024-06-03T10:00:00Z but run " + first + " is still running (overlap SKIP)");
    f.hold.countDown();
    f.awaitFinished(1);
    f.time.advance(HOUR);
    assertThat(decisions(service, "hourly")).containsExactly(LAUNCHED, IN_FLIGHT, LAUNCHED);
    f.awaitFinished(2);
    assertThat(f.inputs).containsExactly(hourOf("2024-06-03T09:00:00Z"), hourOf("2024-06-03T11:00:00Z"));
  }

  @Test
  void queueKeepsAtMostItsBoundAndLaunchesTheWaitingFiringWhenTheRunEnds() {
    f.hold = new CountDownLatch(1);
    TriggerService service = f.start(b -> b.launchPlan(hourly(OverlapPolicy.queue(1))));
    f.time.advance(HOUR.multipliedBy(3)); // 09:00 launches, 10:00 waits, 11:00 finds the queue full
    assertThat(decisions(service, "hourly")).containsExactly(LAUNCHED, QUEUED, QUEUE_FULL);
    assertThat(service.history("hourly").get(1).reason()).isEqualTo("every 1h: firing at 2024-06-03T10:00:00Z; run "
        + service.history("hourly").get(0).runId().orElseThrow() + " is still running: waits for it (1 of 1 waiting,"
        + " overlap QUEUE(1))");
    TriggerFixture.await(() -> f.inputs.size() == 1, "the first run's task running");
    f.hold.countDown();
    f.awaitFinished(1);
    TriggerFixture.await(() -> {
      f.time.advance(Duration.ZERO); // the run's end hands the waiting firing to the service's timer
      return decisions(service, "hourly").size() == 4;
    }, "the waiting firing launched");
    TriggerEvaluation launched = last(service, "hourly");
    assertThat(launched.decision()).isEqualTo(LAUNCHED);
    assertThat(launched.reason()).startsWith("every 1h: firing at 2024-06-03T10:00:00Z (waited since 2024-06-03T10:00:00Z)"
        + " → launched run ");
    f.awaitFinished(2);
    assertThat(f.inputs).containsExactly(hourOf("2024-06-03T09:00:00Z"), hourOf("2024-06-03T10:00:00Z"));
  }

  @Test
  void cancelRunningCancelsTheRunStillGoingThenLaunches() {
    f.hold = new CountDownLatch(1);
    TriggerService service = f.start(b -> b.launchPlan(hourly(OverlapPolicy.cancelRunning())));
    f.time.advance(HOUR);
    TriggerFixture.await(() -> f.inputs.size() == 1, "the first run's task running");
    String first = last(service, "hourly").runId().orElseThrow();
    f.time.advance(HOUR);
    assertThat(decisions(service, "hourly")).containsExactly(LAUNCHED, LAUNCHED);
    assertThat(last(service, "hourly").reason())
        .startsWith("every 1h: firing at 2024-06-03T10:00:00Z; cancelled run(s) [" + first + "] (overlap CANCEL_RUNNING)");
    TriggerFixture.await(() -> f.finished.contains(first), "the cancelled run ended");
    assertThat(f.engine.activeRun(first)).isEmpty();
    f.hold.countDown();
    f.awaitFinished(2);
  }

  @Test
  void allowLaunchesNextToTheRunningOne() {
    f.hold = new CountDownLatch(1);
    TriggerService service = f.start(b -> b.launchPlan(hourly(OverlapPolicy.allow())));
    f.time.advance(HOUR.multipliedBy(2));
    assertThat(decisions(service, "hourly")).containsExactly(LAUNCHED, LAUNCHED);
    TriggerFixture.await(() -> f.inputs.size() == 2, "both runs running at once");
    f.hold.countDown();
    f.awaitFinished(2);
  }

  @Test
  void aTriggerQueuesBehindTheRunOfItsPlanThatAScheduleLaunched() {
    f.hold = new CountDownLatch(1);
    LaunchPlan<Long, Long> plan = hourly(OverlapPolicy.allow());
    TestSource accuracy = new TestSource("accuracy").value(0.9);
    MetricTrigger<Long> trigger = MetricTrigger.builder("retrain-on-drop", plan)
        .when(TriggerCondition.below(accuracy, 0.85)).every(MINUTE).overlap(OverlapPolicy.queue(2)).build();
    TriggerService service = f.start(b -> b.launchPlan(plan).trigger(trigger));
    f.time.advance(HOUR); // 09:00: the schedule launches
    accuracy.value(0.5);
    f.time.advance(MINUTE.multipliedBy(2)); // 09:01, 09:02: met, but the plan's run still runs
    assertThat(decisions(service, "retrain-on-drop")).endsWith(QUEUED, QUEUED);
    f.time.advance(MINUTE);
    assertThat(decisions(service, "retrain-on-drop")).endsWith(QUEUED, QUEUED, QUEUE_FULL);
  }

  @Test
  void debounceLaunchesOnceWhenAFlappingConditionHasBeenQuietForItsDuration() {
    TestSource drift = new TestSource("drift").value(0.1);
    MetricTrigger<Long> trigger = MetricTrigger.builder("retrain-on-drift", f.plan)
        .when(TriggerCondition.above(drift, 0.3)).every(MINUTE).debounce(Duration.ofMinutes(3)).build();
    TriggerService service = f.start(b -> b.trigger(trigger));
    for (double v : new double[] {0.5, 0.1, 0.6, 0.2, 0.7}) { // flapping: 1 to 5 min
      drift.value(v);
      f.time.advance(MINUTE);
    }
    drift.value(0.1);
    f.time.advance(MINUTE.multipliedBy(2)); // 6, 7 min: quiet for 1, 2 min
    assertThat(decisions(service, "retrain-on-drift"))
        .containsExactly(NOT_MET, DEBOUNCED, NOT_MET, DEBOUNCED, NOT_MET, DEBOUNCED, NOT_MET, NOT_MET);
    assertThat(f.inputs).isEmpty();
    f.time.advance(MINUTE); // 8 min: quiet for 3 min
    TriggerEvaluation launched = last(service, "retrain-on-drift");
    assertThat(launched.decision()).isEqualTo(LAUNCHED);
    assertThat(launched.reason()).startsWith("drift 0.1 ≤ 0.3; quiet for 3m, so the firing held since "
        + TriggerFixture.START.plus(MINUTE.multipliedBy(5)) + " (drift 0.7 > 0.3) goes on → launched run ");
    f.time.advance(MINUTE.multipliedBy(5));
    f.awaitFinished(1);
    assertThat(decisions(service, "retrain-on-drift")).filteredOn(d -> d == LAUNCHED).hasSize(1);
  }

  @Test
  void aQueueOfNoFiringIsRefusedNamingTheFix() {
    assertThatThrownBy(() -> OverlapPolicy.queue(0))
        .hasMessage("a queue overlap policy must let at least 1 firing wait, got 0; use OverlapPolicy.skip() for none");
    assertThat(List.of(OverlapPolicy.skip(), OverlapPolicy.queue(3), OverlapPolicy.cancelRunning(), OverlapPolicy.allow()))
        .extracting(OverlapPolicy::describe).containsExactly("SKIP", "QUEUE(3)", "CANCEL_RUNNING", "ALLOW");
  }
}
