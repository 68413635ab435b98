package dev.sluice.core.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.store.ArtifactStores;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Default and fixed inputs, launching by hand, and the labels a launch carries. */
class LaunchPlanTest {
  /** The retraining input: which dataset, how many rows, which learning rate. */
  record Params(String dataset, int rows, double learningRate) {}

  private static final WorkflowDefinition<Params, String> TRAIN = train();

  private static WorkflowDefinition<Params, String> train() {
    TaskSpec task =
        TaskSpec.builder("train").input("params", Params.class).output(String.class)
            .jvm((args, ctx) -> args[0].toString()).build();
    WorkflowSpec spec =
        WorkflowSpec.builder("train", Params.class).node(new TaskNode("train", task, List.of(Binding.INPUT)))
            .output(Binding.output("train"), String.class).build();
    return () -> spec;
  }

  private final LaunchPlan<Params, String> plan =
      LaunchPlan.builder("nightly", TRAIN)
          .defaultInput(new Params("prod", 10_000, 0.01))
          .fixed("dataset", Params::dataset)
          .schedule(Schedule.every(Duration.ofHours(24)))
          .build();

  @Test
  void defaultInputsMayBeChangedFixedOnesMayNot() {
    assertThat(plan.input(p -> new Params(p.dataset(), 50_000, p.learningRate()))).isEqualTo(new Params("prod", 50_000, 0.01));
    assertThatThrownBy(() -> plan.input(p -> new Params("staging", p.rows(), p.learningRate())))
        .hasMessage("launch plan 'nightly' fixes input 'dataset' to prod but the launch gave staging; change the plan's"
            + " default input, or launch the workflow without the plan");
    assertThat(plan.missedFirings()).isEqualTo(MissedFiringPolicy.SKIP);
  }

  @Test
  void aLaunchRunsTheWorkflowLabelledWithThePlan() {
    try (Engine engine = Engine.builder().store(ArtifactStores.inMemory()).build()) {
      RunHandle<String> run = plan.launch(engine, p -> new Params(p.dataset(), 5, 0.1), Map.of("reason", "manual"));
      assertThat(run.await()).isEqualTo("Params[dataset=prod, rows=5, learningRate=0.1]");
      assertThat(run.status().labels()).containsEntry("launch-plan", "nightly").containsEntry("reason", "manual");
    }
  }

  @Test
  void badPlansAreRefusedWhereTheyAreBuilt() {
    assertThatThrownBy(() -> LaunchPlan.builder("no spaces", TRAIN))
        .hasMessageStartingWith("launch plan name 'no spaces' is not valid");
    assertThatThrownBy(() -> LaunchPlan.builder("p", TRAIN).fixed("rows", Params::rows).build())
        .hasMessage("launch plan 'p' fixes inputs but has no default input to fix them in; call defaultInput(...)");
  }

  /** Regression: a plan with no default input launched its workflow with null (an NPE in a task). */
  @Test
  void launchPlanWithNoDefaultInputIsRefusedAtBuild() {
    assertThatThrownBy(() -> LaunchPlan.builder("bare", TRAIN).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("launch plan 'bare' has no default input, and workflow 'train' takes Params. Fix: call defaultInput(...) or fixedInput(...)");
    WorkflowSpec none =
        WorkflowSpec.builder("none", Void.class)
            .node(new TaskNode("one", TaskSpec.builder("one").output(String.class).jvm((a, c) -> "one").build(), List.of()))
            .output(Binding.output("one"), String.class).build();
    WorkflowDefinition<Void, String> noInput = () -> none;
    assertThat(LaunchPlan.builder("void", noInput).build().defaultInput()).isNull();
  }
}
