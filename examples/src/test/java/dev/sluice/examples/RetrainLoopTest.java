package dev.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.TriggerEvaluation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The closed loop on real time, faster than the printed example: one retraining per drift. */
class RetrainLoopTest {
  @Test
  void eachDriftFiresOneRetrainingThatTheGatePromotesAndAccuracyRecovers() {
    RetrainLoop.Settings fast =
        new RetrainLoop.Settings(Duration.ofMillis(100), 500, 0.80, 0.88, Duration.ofMillis(200), Duration.ofSeconds(2),
            Duration.ofMillis(400), 70);
    RetrainLoop.Outcome outcome = RetrainLoop.run(fast);
    List<TriggerEvaluation> history = outcome.history();
    List<Decision> decisions = history.stream().map(TriggerEvaluation::decision).toList();

    assertThat(outcome.launches()).as("one retraining per drift, no storm: %s", outcome.timeline()).isEqualTo(2);
    assertThat(outcome.promotions()).isEqualTo(3);
    assertThat(outcome.finalAccuracy()).isGreaterThanOrEqualTo(0.88);
    int first = decisions.indexOf(Decision.LAUNCHED);
    int second = decisions.lastIndexOf(Decision.LAUNCHED);
    assertThat(decisions.subList(0, first)).contains(Decision.NOT_MET, Decision.PENDING).doesNotContain(Decision.DISARMED);
    assertThat(history.subList(first + 1, second))
        .as("after the first launch: disarmed while low, then recovered and re-armed")
        .anySatisfy(e -> assertThat(e.reason()).contains("re-armed"));
    assertThat(history.get(second).reason()).contains("< 0.8 for");
    assertThat(outcome.timeline())
        .filteredOn(line -> line.contains("gate:") && line.endsWith("promoted")).hasSize(3);
    assertThat(outcome.timeline()).filteredOn(line -> line.contains("drift:")).hasSize(2);
  }
}
