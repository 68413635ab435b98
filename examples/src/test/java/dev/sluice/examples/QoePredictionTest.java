package dev.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.NodeStatus;
import dev.sluice.core.engine.RunFailedException;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunStatus;
import dev.sluice.examples.QoePrediction.Decision;
import dev.sluice.examples.QoePrediction.HyperParams;
import dev.sluice.examples.QoePrediction.Params;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the QoE workflow on a tiny data set, on the embedded engine, and checks what it decided. */
class QoePredictionTest {
  static final HyperParams GOOD = new HyperParams("good", 0.1, 0.001, 300);
  static final HyperParams DIVERGING = new HyperParams("diverging", 3.0, 0, 100);

  @TempDir static Path work;
  static Engine engine;

  @BeforeAll
  static void startEngine() {
    engine = Engine.builder().parallelism(2).workDirectory(work).build();
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }

  static Params tiny(double noise, List<HyperParams> grid) {
    return new Params(600, noise, 7, 0.25, grid);
  }

  static NodeState state(RunStatus status, String path) {
    return status.node(path).map(NodeStatus::state).orElseThrow();
  }

  @Test
  void cleanDataPromotesTheBestModel() throws Exception {
    RunHandle<Decision> run = engine.run(QoePrediction.WORKFLOW, tiny(0.2, List.of(GOOD, DIVERGING)));

    Decision decision = run.await(Duration.ofSeconds(30));

    assertThat(decision.action()).isEqualTo("promote");
    assertThat(decision.best().model().hyperParams()).isEqualTo(GOOD);
    assertThat(decision.best().r2()).isBetween(QoePrediction.MIN_R2, 1.0);
    assertThat(decision.best().rmse()).isBetween(0.05, 0.4);
    RunStatus status = run.status();
    assertThat(state(status, "decide/promote")).isEqualTo(NodeState.SUCCEEDED);
    assertThat(state(status, "decide/alert")).isEqualTo(NodeState.SKIPPED);
  }

  @Test
  void noisyDataRaisesAnAlertInstead() throws Exception {
    RunHandle<Decision> run = engine.run(QoePrediction.WORKFLOW, tiny(1.5, List.of(GOOD)));

    Decision decision = run.await(Duration.ofSeconds(30));

    assertThat(decision.action()).isEqualTo("alert");
    assertThat(decision.best().r2()).isBetween(0.0, QoePrediction.MIN_R2);
    assertThat(state(run.status(), "decide/promote")).isEqualTo(NodeState.SKIPPED);
    assertThat(state(run.status(), "decide/alert")).isEqualTo(NodeState.SUCCEEDED);
  }

  @Test
  void aDivergingModelIsNotRetriedAndTheMapToleratesIt() throws Exception {
    RunHandle<Decision> run = engine.run(QoePrediction.WORKFLOW, tiny(0.2, List.of(GOOD, DIVERGING)));
    run.await(Duration.ofSeconds(30));

    NodeStatus diverged = run.status().node("train[1]").orElseThrow();
    assertThat(diverged.state()).isEqualTo(NodeState.FAILED);
    assertThat(diverged.attempts()).isEqualTo(1); // abortOn(ModelDivergedException.class)
    assertThat(diverged.error().orElseThrow().type()).isEqualTo(ModelDivergedException.class.getName());
    assertThat(state(run.status(), "train")).isEqualTo(NodeState.SUCCEEDED); // minSuccessRatio 0.5
  }

  @Test
  void aSecondRunIsServedFromTheCacheInTheSameWorkDirectory(@TempDir Path dir) throws Exception {
    Params params = tiny(0.3, List.of(GOOD, DIVERGING));
    Decision first;
    try (Engine one = Engine.builder().parallelism(2).workDirectory(dir).build()) {
      first = one.run(QoePrediction.WORKFLOW, params).await(Duration.ofSeconds(30));
    }
    try (Engine two = Engine.builder().parallelism(2).workDirectory(dir).build()) {
      RunHandle<Decision> run = two.run(QoePrediction.WORKFLOW, params);
      Decision second = run.await(Duration.ofSeconds(30));

      assertThat(second.best().r2()).isEqualTo(first.best().r2());
      RunStatus status = run.status();
      for (String path : List.of("generate-sessions", "split", "train[0]")) {
        assertThat(state(status, path)).as(path).isEqualTo(NodeState.CACHED);
      }
      assertThat(state(status, "train[1]")).isEqualTo(NodeState.FAILED); // failures are never cached
      assertThat(state(status, "evaluate")).isEqualTo(NodeState.SUCCEEDED);
      assertThat(QoePrediction.cacheSummary(status))
          .isEqualTo("task cache: 3 node(s) served from it: generate-sessions, split, train[0]");
    }
  }

  @Test
  void theRunFailsWhenTooFewModelsTrain() {
    RunHandle<Decision> run = engine.run(QoePrediction.WORKFLOW, tiny(0.2, List.of(DIVERGING)));

    assertThatThrownBy(() -> run.await(Duration.ofSeconds(30)))
        .isInstanceOfSatisfying(
            RunFailedException.class,
            e -> {
              assertThat(e.failedNode()).contains("train");
              assertThat(e.status().node("evaluate").orElseThrow().state())
                  .isEqualTo(NodeState.CANCELLED);
            });
  }
}
