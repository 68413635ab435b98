package dev.sluice.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.sluice.core.ManualTime;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunFailedException;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.Invoker;
import dev.sluice.core.model.TaskContext;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.spi.MetricSource;
import dev.sluice.core.spi.StoredObject;
import dev.sluice.core.store.ArtifactStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Task bodies record metrics through their context; the store answers queries by name, labels, window. */
class TaskMetricsTest {
  private static final Instant NOON = Instant.parse("2024-06-03T12:00:00Z");
  private final ManualTime time = new ManualTime(NOON);
  private final Clock clock = time.clock;
  private final ArtifactStore store = ArtifactStores.inMemory();
  private final Engine engine = Engine.builder().clock(clock).store(store).build();
  private final RecordedMetrics recorded = RecordedMetrics.in(store);

  @AfterEach
  void close() {
    engine.close();
  }

  /**
   * A workflow whose one task (named like the workflow: one engine runs one body per task name)
   * runs {@code body} with the workflow's Double input, at node "evaluate".
   */
  private static WorkflowDefinition<Double, Double> workflow(String name, Invoker body) {
    TaskSpec task = TaskSpec.builder(name).input("in0", Double.class).output(Double.class).jvm(body).build();
    WorkflowSpec spec =
        WorkflowSpec.builder(name, Double.class).node(new TaskNode("evaluate", task, List.of(Binding.INPUT)))
            .output(Binding.output("evaluate"), Double.class).build();
    return () -> spec;
  }

  private static final WorkflowDefinition<Double, Double> EVALUATE =
      workflow("evaluate", (args, ctx) -> {
        TaskContext.current().metrics().record("accuracy", (Double) args[0], Map.of("model", "m1", "data", "holdout"));
        return (Double) args[0];
      });

  private RunHandle<Double> evaluate(double accuracy) {
    RunHandle<Double> run = engine.run(EVALUATE, accuracy);
    run.await();
    return run;
  }

  @Test
  void aTaskBodyRecordsThroughItsCurrentContextAndTheSampleIsStoredWithTheRun() {
    AtomicReference<String> seenRun = new AtomicReference<>();
    RunHandle<Double> run =
        engine.run(workflow("who", (args, ctx) -> {
          seenRun.set(TaskContext.current().runId() + "/" + TaskContext.current().nodePath());
          TaskContext.current().metrics().record("accuracy", 0.81);
          return 0.0;
        }), 0.0);
    run.await();
    assertThat(seenRun.get()).isEqualTo(run.runId() + "/evaluate");
    List<RecordedSample> samples = recorded.ofRun(run.runId());
    assertThat(samples).singleElement().satisfies(r -> {
      assertThat(r.sample()).isEqualTo(new MetricSample("accuracy", Map.of(), 0.81, NOON));
      assertThat(r.runId()).isEqualTo(run.runId());
      assertThat(r.workflowName()).isEqualTo("who");
      assertThat(r.nodePath()).isEqualTo("evaluate");
      assertThat(r.attempt()).isEqualTo(1);
    });
    assertThat(store.listAll("").map(StoredObject::key).filter(k -> k.contains("metrics")))
        .hasSize(2)
        .anySatisfy(k -> assertThat(k).startsWith("runs/" + run.runId() + "/metrics/"))
        .anySatisfy(k -> assertThat(k).startsWith("metrics/accuracy/2024-06-03/"));
  }

  @Test
  void queriesSelectByNameLabelsAndTimeWindowAcrossDays() {
    time.advanceTo(Instant.parse("2024-06-03T23:59:00Z"));
    evaluate(0.9);
    time.advanceTo(Instant.parse("2024-06-04T00:01:00Z"));
    evaluate(0.8);
    time.advanceTo(Instant.parse("2024-06-04T00:03:00Z"));
    evaluate(0.7);
    Instant from = Instant.parse("2024-06-03T23:00:00Z");
    assertThat(recorded.query("accuracy", Map.of("model", "m1"), from, Instant.parse("2024-06-04T01:00:00Z")))
        .extracting(r -> r.sample().value()).containsExactly(0.9, 0.8, 0.7);
    assertThat(recorded.query("accuracy", Map.of(), from, Instant.parse("2024-06-04T00:03:00Z"))) // end exclusive
        .extracting(r -> r.sample().value()).containsExactly(0.9, 0.8);
    assertThat(recorded.query("accuracy", Map.of("model", "m2"), from, Instant.parse("2024-06-05T00:00:00Z"))).isEmpty();
    assertThat(recorded.query("loss", Map.of(), from, Instant.parse("2024-06-05T00:00:00Z"))).isEmpty();
  }

  @Test
  void aRecordedSourceReducesItsWindowToOneValuePerSeries() throws Exception {
    evaluate(0.9);
    time.advanceTo(NOON.plusSeconds(60));
    evaluate(0.6);
    time.advanceTo(NOON.plusSeconds(120));
    evaluate(0.75);
    Instant at = NOON.plusSeconds(120);
    assertThat(value(MetricSources.recorded(recorded, "accuracy", Duration.ofMinutes(5)), at)).isEqualTo(0.75);
    assertThat(value(MetricSources.recorded(recorded, "accuracy", Map.of(), Duration.ofMinutes(5), Aggregation.MEAN), at))
        .isCloseTo(0.75, offset(1e-12));
    assertThat(value(MetricSources.recorded(recorded, "accuracy", Map.of(), Duration.ofSeconds(90), Aggregation.MIN), at))
        .isEqualTo(0.6);
    assertThat(value(MetricSources.recorded(recorded, "accuracy", Map.of(), Duration.ofMinutes(5), Aggregation.MAX), at))
        .isEqualTo(0.9);
    List<MetricSample> later = MetricSources.recorded(recorded, "accuracy", Duration.ofMinutes(5)).read(at.plusSeconds(600));
    assertThat(later).as("no sample in the window is no data").isEmpty();
  }

  private static double value(MetricSource source, Instant at) throws Exception {
    List<MetricSample> samples = source.read(at);
    assertThat(samples).hasSize(1);
    assertThat(samples.get(0).labels()).containsEntry("model", "m1");
    return samples.get(0).value();
  }

  @Test
  void badRecordsFailTheTaskAndSayWhy() {
    assertThatThrownBy(() -> engine.run(workflow("bad-name", (args, ctx) -> {
      TaskContext.current().metrics().record("model accuracy", 0.5);
      return 0.0;
    }), 0.0).await())
        .isInstanceOf(RunFailedException.class)
        .hasStackTraceContaining("metric name 'model accuracy' is not valid");
    assertThatThrownBy(() -> engine.run(workflow("nan", (args, ctx) -> {
      TaskContext.current().metrics().record("accuracy", Double.NaN);
      return 0.0;
    }), 0.0).await())
        .hasStackTraceContaining("metric 'accuracy' got NaN; only finite values are recorded");
    assertThatThrownBy(() -> engine.run(workflow("bad-label", (args, ctx) -> {
      TaskContext.current().metrics().record("accuracy", 0.5, Map.of("__name__", "x"));
      return 0.0;
    }), 0.0).await())
        .hasStackTraceContaining("label name '__name__' is not valid");
  }

  @Test
  void thereIsNoCurrentContextOutsideATaskBody() {
    assertThatThrownBy(TaskContext::current)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no task is running on thread '" + Thread.currentThread().getName() + "'");
  }

  @Test
  void aContextThatCannotStoreRefusesToRecord() throws Exception {
    TaskContext bare = new FixedContext("r");
    assertThatThrownBy(() -> bare.metrics().record("accuracy", 1))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("does not record metrics");
    // A task runner outside the engine builds a recorder over the store and binds the context.
    TaskContext.callWith(bare, () -> {
      RecordedMetrics.recorder(store, clock, TaskContext.current()).record("accuracy", 0.5);
      return null;
    });
    assertThat(recorded.ofRun("r")).singleElement().satisfies(r -> assertThat(r.nodePath()).isEqualTo("evaluate"));
    assertThatThrownBy(TaskContext::current).isInstanceOf(IllegalStateException.class);
  }
}
