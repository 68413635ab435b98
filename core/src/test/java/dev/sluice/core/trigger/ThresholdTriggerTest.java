package dev.sluice.core.trigger;

import static dev.sluice.core.trigger.Decision.COOLDOWN;
import static dev.sluice.core.trigger.Decision.DISARMED;
import static dev.sluice.core.trigger.Decision.IN_FLIGHT;
import static dev.sluice.core.trigger.Decision.LAUNCHED;
import static dev.sluice.core.trigger.Decision.NOT_MET;
import static dev.sluice.core.trigger.Decision.PENDING;
import static dev.sluice.core.trigger.TriggerFixture.decisions;
import static dev.sluice.core.trigger.TriggerFixture.last;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Thresholds, sustained-for, hysteresis, cooldown and one run in flight, on manual time. */
class ThresholdTriggerTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private final TriggerFixture f = new TriggerFixture();
  private final TestSource accuracy = new TestSource("accuracy").value(0.93);

  @AfterEach
  void close() {
    f.close();
  }

  private MetricTrigger.Builder<Long> trigger(TriggerCondition when) {
    return MetricTrigger.builder("retrain-on-drop", f.plan).when(when).every(MINUTE);
  }

  @Test
  void sustainedForFiresOnlyOnceTheValueHasStayedBelowForTheWholeDuration() {
    TriggerService service =
        f.start(b -> b.trigger(trigger(TriggerCondition.below(accuracy, 0.85).sustainedFor(Duration.ofMinutes(3))).build()));
    f.time.advance(MINUTE); // evaluations at 0 and 1 min: fine
    accuracy.value(0.80);
    f.time.advance(MINUTE); // 2 min: below for 0 s
    accuracy.value(0.90);
    f.time.advance(MINUTE); // 3 min: back above, the count starts again
    accuracy.value(0.81);
    f.time.advance(Duration.ofMinutes(3)); // 4, 5, 6 min: below for 0, 1, 2 min
    assertThat(decisions(service, "retrain-on-drop"))
        .containsExactly(NOT_MET, NOT_MET, PENDING, NOT_MET, PENDING, PENDING, PENDING);
    assertThat(last(service, "retrain-on-drop").reason()).isEqualTo("accuracy 0.81 < 0.85 for 2m of 3m");
    assertThat(f.inputs).isEmpty();

    f.time.advance(MINUTE); // 7 min: below for 3 min
    TriggerEvaluation fired = last(service, "retrain-on-drop");
    assertThat(fired.decision()).isEqualTo(LAUNCHED);
    assertThat(fired.reason()).startsWith("accuracy 0.81 < 0.85 for 3m → launched run retrain-");
    assertThat(fired.runId()).hasValueSatisfying(id -> assertThat(fired.reason()).endsWith(id));
    assertThat(fired.time()).isEqualTo(TriggerFixture.START.plus(Duration.ofMinutes(7)));
    assertThat(fired.seen()).singleElement().satisfies(o -> assertThat(o.value()).hasValue(0.81));
    f.awaitFinished(1);
    assertThat(f.inputs).containsExactly(7L);
  }

  @Test
  void hysteresisKeepsTheTriggerDisarmedUntilTheValueComesBackPastTheSecondBound() {
    TriggerService service =
        f.start(b -> b.trigger(trigger(TriggerCondition.below(accuracy, 0.85).rearmAt(0.9)).build()));
    accuracy.value(0.80);
    f.time.advance(MINUTE); // 1 min: launched
    f.awaitFinished(1);
    f.time.advance(MINUTE); // still low: disarmed, not launched again
    accuracy.value(0.88);
    f.time.advance(MINUTE); // recovered, but not past 0.9: still disarmed
    accuracy.value(0.80);
    f.time.advance(MINUTE); // low again before re-arming: no launch
    assertThat(decisions(service, "retrain-on-drop")).containsExactly(NOT_MET, LAUNCHED, DISARMED, DISARMED, DISARMED);
    assertThat(last(service, "retrain-on-drop").reason())
        .isEqualTo("accuracy 0.8 < 0.85, but disarmed since the last launch until accuracy ≥ 0.9");

    accuracy.value(0.91);
    f.time.advance(MINUTE); // re-armed
    assertThat(last(service, "retrain-on-drop").reason()).isEqualTo("accuracy 0.91 ≥ 0.85 (re-armed: back to ≥ 0.9)");
    accuracy.value(0.80);
    f.time.advance(MINUTE); // fires again
    assertThat(last(service, "retrain-on-drop").decision()).isEqualTo(LAUNCHED);
    f.awaitFinished(2);
    assertThat(f.inputs).hasSize(2);
  }

  @Test
  void cooldownHoldsLaunchesUntilItHasPassed() {
    TriggerService service =
        f.start(b -> b.trigger(trigger(TriggerCondition.below(accuracy, 0.85)).cooldown(Duration.ofMinutes(3)).build()));
    accuracy.value(0.70);
    f.time.advance(MINUTE); // launched at 1 min
    f.awaitFinished(1);
    f.time.advance(Duration.ofMinutes(2)); // 2, 3 min: cooling down
    assertThat(last(service, "retrain-on-drop").reason())
        .isEqualTo("accuracy 0.7 < 0.85 but cooling down until 2024-06-03T08:04:00Z (run " + f.finished.get(0)
            + " launched 2m ago)");
    f.time.advance(MINUTE); // 4 min: cooldown over
    assertThat(decisions(service, "retrain-on-drop")).containsExactly(NOT_MET, LAUNCHED, COOLDOWN, COOLDOWN, LAUNCHED);
  }

  @Test
  void atMostOneRunInFlight() {
    f.hold = new CountDownLatch(1);
    TriggerService service = f.start(b -> b.trigger(trigger(TriggerCondition.below(accuracy, 0.85)).build()));
    accuracy.value(0.70);
    f.time.advance(Duration.ofMinutes(3)); // launched at 1 min; 2 and 3 min: the run still runs
    List<TriggerEvaluation> h = service.history("retrain-on-drop");
    assertThat(h).extracting(TriggerEvaluation::decision).containsExactly(NOT_MET, LAUNCHED, IN_FLIGHT, IN_FLIGHT);
    assertThat(h.get(3).reason()).isEqualTo("accuracy 0.7 < 0.85 but run " + h.get(1).runId().orElseThrow() + " is still running (overlap SKIP)");
    f.hold.countDown();
    f.awaitFinished(1);
    f.time.advance(MINUTE); // no cooldown: the next evaluation launches again
    assertThat(last(service, "retrain-on-drop").decision()).isEqualTo(LAUNCHED);
    f.awaitFinished(2);
    assertThat(f.inputs).hasSize(2);
  }

  @Test
  void inputsAreComputedFromWhatTheConditionSawAndFixedInputsAreEnforced() {
    var fixedPlan = dev.sluice.core.launch.LaunchPlan.builder("retrain-fixed", f.retrain).fixedInput(7L).build();
    MetricTrigger<Long> scaled =
        MetricTrigger.builder("scaled", f.plan).when(TriggerCondition.below(accuracy, 0.85)).every(MINUTE)
            .inputs((firing, defaults) -> defaults + Math.round(firing.value("accuracy").orElseThrow() * 100))
            .build();
    MetricTrigger<Long> refused =
        MetricTrigger.builder("refused", fixedPlan).when(TriggerCondition.below(accuracy, 0.85)).every(MINUTE)
            .inputs((firing, defaults) -> defaults + 1)
            .build();
    TriggerService service = f.start(b -> b.trigger(scaled).trigger(refused));
    accuracy.value(0.42);
    f.time.advance(MINUTE);
    f.awaitFinished(1);
    assertThat(f.inputs).containsExactly(49L);
    TriggerEvaluation failed = last(service, "refused");
    assertThat(failed.decision()).isEqualTo(Decision.LAUNCH_FAILED);
    assertThat(failed.reason()).contains("launch plan 'retrain-fixed' fixes input '(whole input)' to 7 but the launch gave 8");
  }
}
