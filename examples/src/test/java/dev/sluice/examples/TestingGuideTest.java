package dev.sluice.examples;

import static dev.sluice.testing.SluiceAssertions.assertThat;
import static dev.sluice.testing.SluiceAssertions.tuple;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.metric.RecordedMetrics;
import dev.sluice.core.model.TaskContext;
import dev.sluice.examples.QoePrediction.Dataset;
import dev.sluice.examples.QoePrediction.Decision;
import dev.sluice.examples.QoePrediction.Metrics;
import dev.sluice.examples.QoePrediction.Model;
import dev.sluice.examples.QoePrediction.TrainJob;
import dev.sluice.testing.SluiceTest;
import dev.sluice.testing.mock.Mock1;
import dev.sluice.testing.mock.Mock2;
import dev.sluice.testing.mock.NamedMock;
import dev.sluice.testing.mock.TaskMocks;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The snippets of docs/testing.md that are not in QoePredictionWorkflowTest, as tests that run. */
@SluiceTest
class TestingGuideTest {
  static final Model model = QoePredictionWorkflowTest.model(QoePredictionWorkflowTest.GOOD);

  /** R² 0.9 for every trained model. */
  static List<Metrics> score(List<Model> models) {
    return models.stream().filter(Objects::nonNull).map(m -> new Metrics(m, 0.3, 0.9)).toList();
  }

  @Test
  void mocksByTaskObjectAndByName(Engine engine, TaskMocks mocks) {
    Mock1<TrainJob, Model> train = mocks.mock(QoePrediction.train).returns(model);
    Mock2<List<Model>, Dataset, List<Metrics>> evaluate =
        mocks.mock(QoePrediction.evaluate).answers((models, data) -> score(models));   // typed inputs
    NamedMock external = mocks.mock("external-scorer").answers(inputs -> inputs.get(0));

    assertThat(engine.run(QoePrediction.WORKFLOW, QoePredictionWorkflowTest.PARAMS)).succeeded();
    assertThat(train.calls()).hasSize(2);
    assertThat(evaluate.calls()).singleElement().satisfies(c -> assertThat(c.a()).containsOnly(model, model));
    assertThat(external.calls()).isEmpty(); // the workflow has no task of that name
  }

  @Test
  void aMockRecordsMetricsLikeTheTaskItReplaces(Engine engine, TaskMocks mocks) {
    mocks.mock(QoePrediction.train).returns(model);
    mocks.mock(QoePrediction.evaluate).answers((models, data) -> {
      TaskContext.current().metrics().record("r2", 0.9, Map.of("model", "good"));
      return score(models);
    });

    RunHandle<Decision> run = engine.run(QoePrediction.WORKFLOW, QoePredictionWorkflowTest.PARAMS);

    assertThat(run).succeeded();
    assertThat(RecordedMetrics.in(engine.store()).ofRun(run.runId()))
        .extracting(s -> s.sample().name(), s -> s.nodePath())
        .containsExactly(tuple("r2", "evaluate"));
  }

  @Test
  void mocksForAnEngineYouBuild() {
    TaskMocks mocks = TaskMocks.create();             // or TaskMocks.strict()
    try (Engine engine = mocks.engine(Engine.builder())) {
      mocks.mock(QoePrediction.train).returns(model);
      assertThat(engine.run(QoePrediction.WORKFLOW, QoePredictionWorkflowTest.PARAMS)).succeeded();
    }
  }

  @Test
  void snapshots() {
    assertThat(QoePrediction.WORKFLOW).matchesSnapshot();          // file named after the workflow
    assertThat(QoePrediction.WORKFLOW).matchesSnapshot("qoe-v2");  // or a name of your choice
  }
}
