package dev.sluice.core.trigger;

import static dev.sluice.core.trigger.Decision.DISARMED;
import static dev.sluice.core.trigger.Decision.LAUNCHED;
import static dev.sluice.core.trigger.Decision.NOT_MET;
import static dev.sluice.core.trigger.Decision.NO_DATA;
import static dev.sluice.core.trigger.TriggerFixture.decisions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.metric.Aggregation;
import dev.sluice.core.metric.MetricSources;
import dev.sluice.core.metric.RecordedMetrics;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.TaskContext;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.MetricSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop without Prometheus: a task records accuracy, a trigger on the recorded metric retrains. */
class ClosedLoopTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private final TriggerFixture f = new TriggerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static WorkflowDefinition<Double, Double> evaluation() {
    TaskSpec task =
        TaskSpec.builder("evaluate").input("accuracy", Double.class).output(Double.class)
            .jvm((args, ctx) -> {
              TaskContext.current().metrics().record("accuracy", (Double) args[0], Map.of("model", "churn"));
              return (Double) args[0];
            })
            .build();
    WorkflowSpec spec =
        WorkflowSpec.builder("evaluate", Double.class).node(new TaskNode("evaluate", task, List.of(Binding.INPUT)))
            .output(Binding.output("evaluate"), Double.class).build();
    return () -> spec;
  }

  @Test
  void aRecordedMetricBelowItsBoundLaunchesRetrainingOnce() throws Exception {
    WorkflowDefinition<Double, Double> evaluate = evaluation();
    MetricSource accuracy =
        MetricSources.recorded(RecordedMetrics.in(f.engine.store()), "accuracy", Map.of("model", "churn"),
            Duration.ofMinutes(5), Aggregation.LATEST);
    TriggerService service =
        f.start(b -> b.trigger(MetricTrigger.builder("retrain-churn", f.plan)
            .when(TriggerCondition.below(accuracy, 0.85).rearmAt(0.9).sustainedFor(Duration.ofMinutes(2)))
            .every(MINUTE).build()));
    for (double measured : new double[] {0.93, 0.80, 0.79, 0.78, 0.80, 0.92}) {
      f.engine.run(evaluate, measured).await(Duration.ofSeconds(20));
      f.time.advance(MINUTE);
      if (!f.inputs.isEmpty()) {
        f.awaitFinished(1);
      }
    }
    assertThat(decisions(service, "retrain-churn"))
        .containsExactly(NO_DATA, NOT_MET, Decision.PENDING, Decision.PENDING, LAUNCHED, DISARMED, NOT_MET);
    assertThat(service.history("retrain-churn").get(4).reason()).startsWith("accuracy 0.78 < 0.85 for 2m → launched run ");
    assertThat(service.history("retrain-churn").get(6).reason()).isEqualTo("accuracy 0.92 ≥ 0.85 (re-armed: back to ≥ 0.9)");
    assertThat(service.history("retrain-churn").get(4).seen().get(0).samples().get(0).labels()).isEqualTo(Map.of("model", "churn"));
    assertThat(f.inputs).hasSize(1);
  }
}
