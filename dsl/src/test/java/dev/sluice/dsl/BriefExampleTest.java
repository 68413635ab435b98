package dev.sluice.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.DynamicNode;
import dev.sluice.core.model.FailurePolicy;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.RunFailure;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.Toleration;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.dsl.Fixtures.Dataset;
import dev.sluice.dsl.Fixtures.Model;
import dev.sluice.dsl.Fixtures.Params;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API exactly as users write it: every feature in one workflow. */
class BriefExampleTest {
  static final Task1<Params, Dataset> load =
      Task.named("load-data").version("2").of(p -> Fixtures.generate(p.samples()));
  static final Task2<Dataset, Params, Model> train =
      Task.named("train")
          .retry(RetryPolicy.exponential(3, Duration.ofSeconds(2)))
          .timeout(Duration.ofMinutes(30))
          .resources(r -> r.cpu(4).memory("8Gi").gpu(1))
          .executor("ray")
          .image("repo/img:1")
          .nodeSelector("kubernetes.io/arch", "arm64")
          .toleration(Toleration.of("gpu", "true", "NoSchedule"))
          .env("MODE", "prod")
          .maxConcurrency(2)
          .inputNames("dataset", "params")
          .of((d, p) -> Fixtures.fit(d, p.lr()));
  static final Task2<Model, Dataset, Double> evaluate = Task.named("evaluate").of(Fixtures::accuracy);
  static final Task1<Model, String> deploy = Task.named("deploy").of(m -> "deployed");
  static final Task1<Double, String> alert = Task.named("alert").of(a -> "alert " + a);
  static final Task1<Double, Double> score = Task.named("score").of(x -> x * x);
  static final Task1<Integer, Integer> inc = Task.named("inc").of(x -> x + 1);
  static final Task1<RunFailure, String> notify = Task.named("notify").of(f -> f.message());
  static final Task1<Dataset, Model> pyTrain =
      Task.named("py-train")
          .command("python3", "train.py", "--epochs", "3")
          .env("X", "1")
          .of(Dataset.class, Model.class);
  static final Workflow<Params, Double> otherWorkflow =
      Workflow.named(
          "other",
          Params.class,
          (wf, p) -> {
            Value<Dataset> d = wf.call(load, p);
            return wf.call(evaluate, wf.call(pyTrain, d), d);
          });

  static final Workflow<Params, Double> qoe =
      Workflow.named(
          "qoe-train",
          Params.class,
          (wf, params) -> {
            Value<Dataset> data = wf.call(load, params);
            Value<Model> model = wf.call(train, data, params).named("train-main");
            Value<Double> acc = wf.call(evaluate, model, data);
            Value<String> decision =
                wf.when(acc, "accuracy >= 0.9", a -> a >= 0.9)
                    .then(deploy, model)
                    .orWhen(acc, a -> a >= 0.5)
                    .then(deploy, model)
                    .otherwise(alert, acc);
            Value<List<Double>> scores =
                wf.map(score, wf.literal(List.of(1.0, 2.0))).concurrency(4).minSuccessRatio(0.5);
            Value<Double> sub = wf.call(otherWorkflow, params);
            Value<Integer> dyn =
                wf.dynamic(
                    "fan",
                    Integer.class,
                    params,
                    (sw, p) -> {
                      Value<Integer> v = sw.literal(0);
                      for (int i = 0; i < p.samples(); i++) {
                        v = sw.call(inc, v);
                      }
                      return v;
                    });
            wf.onFailure(notify);
            wf.failurePolicy(FailurePolicy.FINISH_RUNNABLE);
            wf.version("3");
            assertThat(List.of(decision, scores, sub, dyn)).doesNotContainNull();
            return acc;
          });

  @Test
  void theWholeExampleBuildsTheExpectedSpec() throws Exception {
    WorkflowSpec spec = qoe.spec();
    assertThat(spec.nodes().stream().map(NodeSpec::id))
        .containsExactly(
            "load-data", "train-main", "evaluate", "branch", "map-score", "other", "fan");
    assertThat(spec.nodes().stream().map(NodeSpec::kind))
        .containsExactly("task", "task", "task", "branch", "map", "workflow", "dynamic");
    assertThat(spec.node("train-main").orElseThrow()).isInstanceOf(TaskNode.class);
    assertThat(((TaskNode) spec.node("train-main").orElseThrow()).task()).isSameAs(train.spec());
    BranchNode branch = (BranchNode) spec.node("branch").orElseThrow();
    assertThat(branch.arms().stream().map(NodeSpec::id)).containsExactly("deploy", "deploy-2", "alert");
    assertThat(((MapNode) spec.node("map-score").orElseThrow()).concurrency()).isEqualTo(4);
    assertThat(((SubWorkflowNode) spec.node("other").orElseThrow()).workflow())
        .isSameAs(otherWorkflow.spec());
    WorkflowSpec expanded =
        ((DynamicNode) spec.node("fan").orElseThrow()).expander().expand(new Object[] {new Params(2, 0)});
    assertThat(expanded.nodes()).hasSize(2);
    assertThat(spec.onFailure()).contains(notify.spec());
    assertThat(spec.failurePolicy()).isEqualTo(FailurePolicy.FINISH_RUNNABLE);
    assertThat(spec.version()).isEqualTo("3");
    assertThat(spec.outputType()).isEqualTo(Double.class);
    assertThat(qoe).hasToString("Workflow[qoe-train v3: Params -> Double, 7 nodes]");
  }
}
