package dev.sluice.examples;

import static dev.sluice.testing.SluiceAssertions.assertThat;
import static dev.sluice.testing.SluiceAssertions.assertWaitingAt;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.model.Approval;
import dev.sluice.testing.SluiceTest;
import dev.sluice.testing.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gated promotion example on virtual time: approved, rejected, and timed out to the champion. */
@SluiceTest(virtualTime = true)
class GatedPromotionTest {
  static final Duration TIMEOUT = Duration.ofHours(4);

  @Test
  void anApprovalPromotesTheChallenger(Engine engine) {
    RunHandle<String> run = engine.run(GatedPromotion.workflow(TIMEOUT), 0.02);
    assertWaitingAt(run, "approve").node("train-challenger").succeeded();
    engine.signal(run.runId(), "approve", Approval.approve("ada", "beats champion"), "s-1");
    assertThat(run).succeeded().hasOutput("challenger (accuracy 0.88) promoted; approved by ada: beats champion");
  }

  @Test
  void noDecisionKeepsTheChampionWhenTheTimeoutPasses(Engine engine, TestClock clock) {
    RunHandle<String> run = engine.run(GatedPromotion.workflow(TIMEOUT), 0.02);
    assertWaitingAt(run, "approve");
    clock.advance(TIMEOUT);
    assertThat(run).succeeded().hasOutput("champion kept: no decision within PT4H (sluice)");
  }
}
