package dev.sluice.testing;

import static dev.sluice.testing.SluiceAssertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.metric.RecordedMetrics;
import dev.sluice.core.metric.RecordedSample;
import dev.sluice.core.model.TaskContext;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.testing.mock.TaskMocks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A mock's answer records metrics through its task context, as the real body would. */
@SluiceTest(virtualTime = true)
class MockMetricsTest {

  @Test
  void mocksCanRecordMetricsThroughTaskContext(Engine engine, TaskMocks mocks, ArtifactStore store, TestClock clock) {
    mocks.mock(Fixtures.twice).answers(x -> {
      TaskContext.current().metrics().record("accuracy", 0.91, Map.of("model", "churn"));
      return x * 2;
    });

    RunHandle<String> run = engine.run(Fixtures.CHAIN, 4);

    assertThat(run).succeeded().hasOutput("n=8");
    List<RecordedSample> recorded = RecordedMetrics.in(store).ofRun(run.runId());
    assertThat(recorded).singleElement().satisfies(s -> {
      assertThat(s.nodePath()).isEqualTo("twice");
      assertThat(s.attempt()).isEqualTo(1);
      assertThat(s.sample().name()).isEqualTo("accuracy");
      assertThat(s.sample().value()).isEqualTo(0.91);
      assertThat(s.sample().labels()).isEqualTo(Map.of("model", "churn"));
      assertThat(s.sample().time()).isEqualTo(clock.instant()); // stamped by the engine's clock
    });
  }
}
