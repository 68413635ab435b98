package dev.sluice.core.trigger;

import static dev.sluice.core.trigger.Decision.LAUNCHED;
import static dev.sluice.core.trigger.Decision.NOT_MET;
import static dev.sluice.core.trigger.Decision.NO_DATA;
import static dev.sluice.core.trigger.Decision.PENDING;
import static dev.sluice.core.trigger.Decision.SOURCE_UNAVAILABLE;
import static dev.sluice.core.trigger.TriggerFixture.decisions;
import static dev.sluice.core.trigger.TriggerFixture.last;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.spi.MetricSourceUnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** and/or in three-valued logic, and absence as a condition of its own. */
class CombinatorTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private final TriggerFixture f = new TriggerFixture();
  private final TestSource accuracy = new TestSource("accuracy").value(0.9);
  private final TestSource drift = new TestSource("drift").value(0.1);

  @AfterEach
  void close() {
    f.close();
  }

  private TriggerService start(TriggerCondition when) {
    SourcePolicy noRetry = TriggerFixture.fastPolicy().toBuilder().maxAttempts(1).build();
    return f.start(b -> b.sourcePolicy(noRetry)
        .trigger(MetricTrigger.builder("t", f.plan).when(when).every(MINUTE).cooldown(Duration.ofHours(1)).build()));
  }

  @Test
  void andIsMetOnlyWhenEveryPartIsAndUnknownWhenAPartCannotBeRead() {
    TriggerService service = start(TriggerCondition.below(accuracy, 0.85).and(TriggerCondition.above(drift, 0.3)));
    accuracy.value(0.8);
    f.time.advance(MINUTE); // accuracy low, drift fine: not met, the reason names the part that is not
    assertThat(last(service, "t").reason()).isEqualTo("drift 0.1 ≤ 0.3");
    drift.fail(new MetricSourceUnavailableException("down"));
    f.time.advance(MINUTE); // one part unknown, none false: unknown
    assertThat(last(service, "t").decision()).isEqualTo(SOURCE_UNAVAILABLE);
    drift.value(0.5);
    f.time.advance(MINUTE);
    assertThat(last(service, "t").reason()).startsWith("accuracy 0.8 < 0.85 and drift 0.5 > 0.3 → launched run ");
    assertThat(decisions(service, "t")).containsExactly(NOT_MET, NOT_MET, SOURCE_UNAVAILABLE, LAUNCHED);
  }

  @Test
  void orIsMetWhenAnyPartIsEvenIfAnotherCannotBeRead() {
    TriggerService service = start(TriggerCondition.below(accuracy, 0.85).or(TriggerCondition.above(drift, 0.3)));
    accuracy.fail(new MetricSourceUnavailableException("down"));
    f.time.advance(MINUTE); // false or unknown: unknown
    assertThat(last(service, "t").decision()).isEqualTo(SOURCE_UNAVAILABLE);
    drift.value(0.4);
    f.time.advance(MINUTE); // true or unknown: met, fired by the part that is
    assertThat(last(service, "t").reason()).startsWith("drift 0.4 > 0.3 → launched run ");
  }

  @Test
  void absenceIsItsOwnConditionAndAFailingSourceIsNotAbsence() {
    TriggerService service = start(TriggerCondition.absent(accuracy, Duration.ofMinutes(2)));
    assertThat(last(service, "t").reason()).isEqualTo("accuracy has data (0.9)");
    accuracy.noData();
    f.time.advance(MINUTE); // 1 min: no data for 0 s
    accuracy.fail(new MetricSourceUnavailableException("down"));
    f.time.advance(MINUTE); // 2 min: unknown, the count starts again
    accuracy.noData();
    f.time.advance(Duration.ofMinutes(2)); // 3, 4 min: no data for 0 s, 1 min
    assertThat(f.inputs).isEmpty();
    f.time.advance(MINUTE); // 5 min: no data for 2 min
    assertThat(decisions(service, "t")).containsExactly(NOT_MET, PENDING, SOURCE_UNAVAILABLE, PENDING, PENDING, LAUNCHED);
    assertThat(last(service, "t").reason()).startsWith("no data for accuracy for 2m → launched run ");
  }

  @Test
  void aThresholdOnAnEmptyResultIsNoDataWhileAbsenceCountsIt() {
    TriggerService service = start(TriggerCondition.below(accuracy.noData(), 0.85).or(TriggerCondition.absent(accuracy, Duration.ofMinutes(1))));
    assertThat(last(service, "t").decision()).isEqualTo(NO_DATA);
    f.time.advance(MINUTE);
    assertThat(last(service, "t").reason()).startsWith("no data for accuracy for 1m → launched run ");
  }

  @Test
  void conditionsRefuseBoundsThatCannotWork() {
    assertThatThrownBy(() -> TriggerCondition.below(accuracy, 0.85).rearmAt(0.8))
        .hasMessage("the re-arm bound of 'accuracy < 0.85' must be on the other side of the bound (above 0.85), got 0.8");
    assertThatThrownBy(() -> TriggerCondition.above(accuracy, Double.NaN)).hasMessageContaining("must be finite");
    assertThatThrownBy(() -> TriggerCondition.absent(accuracy, Duration.ZERO)).hasMessageContaining("must be positive");
    assertThatThrownBy(TriggerCondition::anyOf).hasMessage("anyOf(...) needs at least one condition");
    assertThat(TriggerCondition.below(accuracy, 0.85).rearmAt(0.9).sustainedFor(Duration.ofMinutes(10)).or(TriggerCondition.absent(drift, Duration.ofHours(1))).describe())
        .isEqualTo("(accuracy < 0.85 (re-arm at 0.9) for 10m) or (no data for drift for 1h)");
  }
}
