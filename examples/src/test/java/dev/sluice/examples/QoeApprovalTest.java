package dev.sluice.examples;

import static dev.sluice.testing.SluiceAssertions.assertThat;
import static dev.sluice.testing.SluiceAssertions.assertWaitingAt;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.model.Approval;
import dev.sluice.examples.QoePrediction.Decision;
import dev.sluice.examples.QoePrediction.HyperParams;
import dev.sluice.examples.QoePrediction.Params;
import dev.sluice.testing.SluiceTest;
import dev.sluice.testing.TestClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The QoE workflow with its approval before promotion, on a test clock: no real waiting. */
@SluiceTest(virtualTime = true)
class QoeApprovalTest {
  static final HyperParams GOOD = new HyperParams("good", 0.1, 0.001, 300);
  static final Params CLEAN = new Params(600, 0.2, 7, 0.25, List.of(GOOD));
  static final Params NOISY = new Params(600, 1.5, 7, 0.25, List.of(GOOD));

  @Test
  void aModelThatClearsTheBarIsPromotedOnceApproved(Engine engine) {
    RunHandle<Decision> run = engine.run(QoeApproval.workflow(Duration.ofHours(1)), CLEAN);
    assertWaitingAt(run, "review/promote").node("pick-best").succeeded();

    engine.signal(run.runId(), QoeApproval.SIGNAL, Approval.approve("ada", "beats the champion"), "qoe-1");

    assertThat(run).succeeded().hasOutputSatisfying(d -> {
      assertThat(d.action()).isEqualTo("promote");
      assertThat(d.message()).contains("promoted to production; approved by ada: beats the champion");
    });
  }

  @Test
  void withNoDecisionTheTimeoutKeepsTheChampion(Engine engine, TestClock clock) {
    RunHandle<Decision> run = engine.run(QoeApproval.workflow(QoeApproval.DEFAULT_TIMEOUT), CLEAN);
    assertWaitingAt(run, "review/promote");

    clock.advance(QoeApproval.DEFAULT_TIMEOUT);

    assertThat(run).succeeded().hasOutputSatisfying(d -> {
      assertThat(d.action()).isEqualTo("keep");
      assertThat(d.message()).contains("champion kept").contains("no decision within PT5S");
    });
  }

  @Test
  void aModelBelowTheBarAlertsWithoutWaiting(Engine engine) {
    RunHandle<Decision> run = engine.run(QoeApproval.workflow(Duration.ofHours(1)), NOISY);

    assertThat(run).succeeded().hasOutputSatisfying(d -> assertThat(d.action()).isEqualTo("alert"))
        .node("review/promote").isSkipped();
  }

  @Test
  void theProgramSaysHowToApproveAndTakesItsTimeoutFromArguments() {
    assertThat(QoeApproval.howToApprove("qoe-1", "review/promote", "2026-01-01T00:00:05Z", null))
        .contains("engine.signal(\"qoe-1\", \"review/promote\", Approval.approve(\"you\", \"why\"), \"<signal id>\")")
        .contains("--console")
        .contains("the champion is kept");
    assertThat(QoeApproval.timeout(new String[0])).isEqualTo(Duration.ofSeconds(5));
    assertThat(QoeApproval.timeout(new String[] {"--approval-timeout", "PT1H"})).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> QoeApproval.timeout(new String[] {"--approval-timeout", "5s"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT5S");
  }
}
