package dev.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sluice.core.engine.NodeState;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.TriggerEvaluation;
import dev.sluice.models.registry.AliasMove;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The model loop end to end, on real time and the embedded defaults, as the printed example runs it. */
class ModelLoopTest {
  @Test
  void v1ServesDriftPromotesV2AndTheBrokenV3IsRolledBack() throws Exception {
    ModelLoop.Outcome outcome = ModelLoop.run(line -> {});
    List<String> story = outcome.story();

    // the alias history tells the story: v1 champion, v2 champion after the drift, v3 rolled back
    List<AliasMove> champion = outcome.aliasHistory().stream().filter(m -> m.alias().equals("champion")).toList();
    assertThat(champion).as("champion moves; story:%n%s", String.join("\n", story))
        .extracting(AliasMove::from, AliasMove::to)
        .containsExactly(
            tuple(OptionalInt.empty(), OptionalInt.of(1)),
            tuple(OptionalInt.of(1), OptionalInt.of(2)),
            tuple(OptionalInt.of(2), OptionalInt.of(3)),
            tuple(OptionalInt.of(3), OptionalInt.of(2)));
    assertThat(champion.get(3).reason()).startsWith("rollback: smoke check: RMSE");
    assertThat(champion).allSatisfy(m -> assertThat(m.actor()).startsWith("run:qoe-loop-"));
    assertThat(champion.get(1).actor()).as("v2 comes from the run the trigger launched")
        .isEqualTo("run:" + launched(outcome.triggerHistory()).runId().orElseThrow());
    assertThat(outcome.champion()).isEqualTo(2);

    // the trigger fired once, on drift, after the inputs moved
    assertThat(outcome.triggerHistory()).filteredOn(e -> e.decision() == Decision.LAUNCHED).hasSize(1);
    assertThat(outcome.triggerHistory().get(0).decision()).isEqualTo(Decision.NOT_MET);

    // the printed story's key lines
    assertThat(story).anyMatch(l -> l.matches("  train: v1 registered: .* lineage run qoe-loop-\\S+, node train-and-register, "
        + "sessions sha256 [0-9a-f]{12}…, trainer-build-1"));
    assertThat(story).anyMatch(l -> l.startsWith("  gate: v1 vs no champion:") && l.endsWith("promoted"));
    assertThat(story).anyMatch(l -> l.startsWith("  gate: v2 vs champion v1:") && l.endsWith("promoted"));
    // every round waited at the approval gate, printed how a person approves, and deployed only once approved
    assertThat(story).filteredOn(l -> l.matches("    engine\\.signal\\(\"qoe-loop-\\S+\", \"promote-qoe\", Approval\\.approve\\(.*")).hasSize(3);
    for (int v = 1; v <= 3; v++) {
      assertThat(story).contains("  approval: v" + v + " approved by model-loop: the champion/challenger verdict stands");
    }
    // the journal of each run records the gate's decision: SUCCEEDED with the approval as its payload
    assertThat(outcome.approvals()).as("approval gates; story:%n%s", String.join("\n", story)).hasSize(3)
        .allSatisfy(g -> {
          assertThat(g.state()).isEqualTo(NodeState.SUCCEEDED);
          assertThat(g.signals()).singleElement().satisfies(s -> {
            assertThat(s.node()).isEqualTo(ModelLoop.APPROVAL_GATE);
            assertThat(s.signalId()).isEqualTo("model-loop-approves-" + g.runId());
            assertThat(s.payloadJson()).contains("\"approved\":true").contains("\"by\":\"model-loop\"");
          });
        });
    assertThat(outcome.approvals()).extracting(ModelLoop.GateRecord::runId)
        .contains(champion.get(1).actor().substring("run:".length()));
    assertThat(story).anyMatch(l -> l.startsWith("  deploy: v1 serves at http://127.0.0.1:"));
    assertThat(story).anyMatch(l -> l.startsWith("  deploy: v2 serves at"));
    assertThat(story).anyMatch(l -> l.startsWith("  deploy: v3 ROLLED BACK (smoke check") && l.endsWith("v2 serves again"));
    assertThat(story).anyMatch(l -> l.startsWith("  trigger history: LAUNCHED qoe-drift"));
    // real HTTP answers: v1 before the drift, v2 after it and still after v3's rollback
    assertThat(story).filteredOn(l -> l.contains("\"model_version\":")).extracting(l -> l.replaceAll(".*\"model_version\":\"(\\d+)\".*", "$1"))
        .containsExactly("1", "2", "2");
    assertThat(story).anyMatch(l -> l.matches("  \\+ *[0-9.]+s champion +v3 → v2 by run:qoe-loop-\\S+: rollback: smoke check: .*"));
  }

  private static TriggerEvaluation launched(List<TriggerEvaluation> history) {
    return history.stream().filter(e -> e.decision() == Decision.LAUNCHED).findFirst().orElseThrow();
  }
}
