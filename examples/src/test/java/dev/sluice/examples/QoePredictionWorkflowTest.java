package dev.sluice.examples;

import static dev.sluice.testing.SluiceAssertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.examples.QoePrediction.Decision;
import dev.sluice.examples.QoePrediction.HyperParams;
import dev.sluice.examples.QoePrediction.Metrics;
import dev.sluice.examples.QoePrediction.Model;
import dev.sluice.examples.QoePrediction.Params;
import dev.sluice.examples.QoePrediction.TrainJob;
import dev.sluice.testing.SluiceTest;
import dev.sluice.testing.mock.Mock1;
import dev.sluice.testing.mock.TaskMocks;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Testing a workflow with sluice-testing: training (the expensive task) and scoring are mocked, the
 * cheap tasks run for real, and strict mode fails the test if anything else would run.
 */
@SluiceTest(strict = true)
class QoePredictionWorkflowTest {
  static final HyperParams GOOD = new HyperParams("good", 0.1, 0.001, 300);
  static final HyperParams POOR = new HyperParams("poor", 0.01, 0, 10);
  static final Params PARAMS = new Params(200, 0.2, 7, 0.25, List.of(GOOD, POOR));

  static Model model(HyperParams hp) {
    return new Model(hp, new double[5], new double[4], new double[] {1, 1, 1, 1}, 0.3);
  }

  Mock1<TrainJob, Model> train;

  @BeforeEach
  void mockTheExpensiveParts(TaskMocks mocks) {
    mocks.allow(QoePrediction.generate).allow(QoePrediction.split).allow(QoePrediction.plan)
        .allow(QoePrediction.pickBest).allow(QoePrediction.promote).allow(QoePrediction.alert);
    train = mocks.mock(QoePrediction.train).answers(job -> model(job.hyperParams()));
  }

  /** Scores every trained model (failed ones are null) with R² {@code good} for GOOD, 0.5 for others. */
  static void scoring(TaskMocks mocks, double good) {
    mocks.mock(QoePrediction.evaluate)
        .answers((models, data) -> models.stream()
            .filter(Objects::nonNull)
            .map(m -> new Metrics(m, 0.3, m.hyperParams().equals(GOOD) ? good : 0.5))
            .toList());
  }

  @Test
  void promotesTheBestModelWhenItClearsTheBar(Engine engine, TaskMocks mocks) {
    scoring(mocks, 0.9);

    RunHandle<Decision> run = engine.run(QoePrediction.WORKFLOW, PARAMS);

    assertThat(run)
        .succeeded()
        .hasOutputSatisfying(d -> assertThat(d.best().model().hyperParams()).isEqualTo(GOOD))
        .tookBranch("decide", "promote")
        .ranInOrder("plan-training", "train", "evaluate");
    assertThat(train.calls()).extracting(c -> c.a().hyperParams()).containsExactlyInAnyOrder(GOOD, POOR);
  }

  @Test
  void alertsWhenNoModelIsGoodEnough(Engine engine, TaskMocks mocks) {
    scoring(mocks, 0.7);

    assertThat(engine.run(QoePrediction.WORKFLOW, PARAMS))
        .succeeded()
        .hasOutputSatisfying(d -> assertThat(d.action()).isEqualTo("alert"))
        .tookBranch("decide", "alert");
  }

  @Test
  void aDivergedModelIsNotRetriedAndTheMapToleratesIt(Engine engine, TaskMocks mocks) {
    scoring(mocks, 0.9);
    mocks.mock(QoePrediction.train).answers(job -> {
      if (job.hyperParams().equals(POOR)) {
        throw new ModelDivergedException("poor diverged");
      }
      return model(job.hyperParams());
    });

    assertThat(engine.run(QoePrediction.WORKFLOW, PARAMS))
        .succeeded() // the map needs half of its models (minSuccessRatio 0.5)
        .node("train[1]").failed().ranAttempts(1).errorMessageContains("poor diverged")
        .node("train[0]").succeeded();
  }

  @Test
  void aLostWorkerIsRetried(Engine engine, TaskMocks mocks) {
    scoring(mocks, 0.9);
    mocks.mock(QoePrediction.train).thenThrow(new IOException("worker lost")).returns(model(GOOD));
    Params oneModel = new Params(200, 0.2, 7, 0.25, List.of(GOOD));

    assertThat(engine.run(QoePrediction.WORKFLOW, oneModel)).succeeded().node("train[0]").ranAttempts(2);
  }

  @Test
  void theShapeOfTheWorkflowIsPinned() {
    // Compares the compiled DAG with src/test/resources/sluice-snapshots/qoe-prediction.json.
    assertThat(QoePrediction.WORKFLOW).matchesSnapshot();
  }
}
