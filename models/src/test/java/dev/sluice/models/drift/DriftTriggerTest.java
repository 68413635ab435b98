package dev.sluice.models.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.metric.Aggregation;
import dev.sluice.core.metric.MetricSources;
import dev.sluice.core.metric.RecordedMetrics;
import dev.sluice.core.model.TaskContext;
import dev.sluice.core.spi.MetricSource;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.MetricTrigger;
import dev.sluice.core.trigger.TriggerCondition;
import dev.sluice.core.trigger.TriggerEvaluation;
import dev.sluice.core.trigger.TriggerService;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import dev.sluice.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Drift as a trigger's metric: a stream that drifts launches a retrain, once. */
class DriftTriggerTest {
  static final DriftCheck CHECK = DriftCheck.builder().numeric("bitrate").categorical("device").build();
  static final FeatureWindow TRAINING = window(0.0, List.of("wifi", "4g"));

  static final List<Long> retrained = new CopyOnWriteArrayList<>();
  static final Task1<Long, Long> retrain = Task.named("retrain").of(x -> {
    retrained.add(x);
    return x;
  });
  static final Workflow<Long, Long> retrainFlow = Workflow.named("retrain", Long.class, (wf, x) -> wf.call(retrain, x));

  /** 500 bitrates spread over [shift, shift + 1), devices alternating over {@code devices}. */
  static FeatureWindow window(double shift, List<String> devices) {
    double[] bitrate = DriftStatisticsTest.big(500, 1.0, shift);
    List<String> device = new java.util.ArrayList<>();
    for (int i = 0; i < 500; i++) {
      device.add(devices.get(i % devices.size()));
    }
    return FeatureWindow.builder().numeric("bitrate", bitrate).categorical("device", device).build();
  }

  @Test
  void aDriftingStreamRaisesPsiAndTheTriggerLaunchesOneRetrain() throws Exception {
    retrained.clear();
    TestClock clock = TestClock.create();
    AtomicReference<FeatureWindow> live = new AtomicReference<>(TRAINING);
    MetricSource drift = DriftSources.maxPsi("qoe-drift", CHECK, now -> TRAINING, now -> live.get());
    try (Engine engine = Engine.builder().clock(clock).store(ArtifactStores.inMemory()).build();
        TriggerService service = TriggerService.builder(engine).clock(clock).scheduler(clock.scheduler())
            .sourceExecutor(Runnable::run)
            .trigger(MetricTrigger.builder("retrain-on-drift", LaunchPlan.builder("retrain", retrainFlow).defaultInput(1L).build())
                .when(TriggerCondition.above(drift, 0.25)).every(Duration.ofMinutes(1)).build())
            .build()) {
      service.start();
      clock.advance(Duration.ZERO);
      clock.advance(Duration.ofMinutes(1));
      live.set(window(0.6, List.of("wifi", "4g", "5g")));
      clock.advance(Duration.ofMinutes(1));
      awaitUntil(() -> retrained.size() == 1, "the retrain run");
      List<TriggerEvaluation> history = service.history("retrain-on-drift");
      assertThat(history).extracting(TriggerEvaluation::decision).startsWith(Decision.NOT_MET, Decision.NOT_MET, Decision.LAUNCHED);
      assertThat(history.get(2).seen().get(0).samples().get(0).labels()).isEqualTo(Map.of("feature", "bitrate"));
      assertThat(history.get(2).seen().get(0).samples().get(0).value()).isGreaterThan(0.25);
    }
  }

  /** Polls {@code condition} until it holds, failing after 30 s. */
  static void awaitUntil(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 30 s for " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }

  @Test
  void aReportRecordedByATaskIsReadBackByTheRecordedSource() throws Exception {
    Task1<Double, Double> monitor = Task.named("monitor").of(shift -> {
      DriftReport report = CHECK.compare(TRAINING, window(shift, List.of("wifi", "4g")));
      report.recordTo(TaskContext.current().metrics());
      return report.worst().psi().value();
    });
    Workflow<Double, Double> flow = Workflow.named("monitor", Double.class, (wf, s) -> wf.call(monitor, s));
    try (Engine engine = Engine.builder().store(ArtifactStores.inMemory()).build()) {
      double psi = engine.run(flow, 0.6).await(Duration.ofSeconds(30));
      MetricSource recorded = MetricSources.recorded(RecordedMetrics.in(engine.store()), DriftReport.PSI_METRIC,
          Map.of("feature", "bitrate"), Duration.ofDays(1), Aggregation.LATEST);
      assertThat(recorded.read(Instant.now()).get(0).value()).isEqualTo(psi).isGreaterThan(0.25);
    }
  }
}
