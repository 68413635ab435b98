package dev.sluice.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.BranchCase;
import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.DynamicNode;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.dsl.Fixtures.Dataset;
import dev.sluice.dsl.Fixtures.Model;
import dev.sluice.dsl.Fixtures.Params;
import java.util.List;
import org.junit.jupiter.api.Test;

class BranchMapDynamicTest {
  static final Task1<Params, Dataset> load = Task.named("load").of(p -> Fixtures.generate(p.samples()));
  static final Task2<Dataset, Params, Model> train = Task.named("train").of((d, p) -> Fixtures.fit(d, p.lr()));
  static final Task2<Model, Dataset, Double> evaluate = Task.named("evaluate").of(Fixtures::accuracy);
  static final Task1<Model, String> deploy = Task.named("deploy").of(m -> "deployed " + m.weight());
  static final Task1<Double, String> alert = Task.named("alert").of(a -> "low accuracy " + a);
  static final Task1<Double, Double> score = Task.named("score").of(x -> x * 2);
  static final Task1<Integer, Integer> inc = Task.named("inc").of(x -> x + 1);
  static final Workflow<Model, String> review =
      Workflow.named("review", Model.class, (wf, m) -> wf.call(deploy, m));

  static final Workflow<Params, String> qoe =
      Workflow.named(
          "qoe-train",
          Params.class,
          (wf, params) -> {
            Value<Dataset> data = wf.call(load, params);
            Value<Model> model = wf.call(train, data, params);
            Value<Double> acc = wf.call(evaluate, model, data);
            return wf.when(acc, "accuracy >= 0.9", a -> a >= 0.9)
                .then(deploy, model)
                .orWhen(acc, a -> a >= 0.5)
                .then(review, model)
                .orWhen(acc, "some", a -> a >= 0.1)
                .then(deploy, model)
                .otherwise(alert, acc);
          });

  private static List<String> ids(WorkflowSpec spec) {
    return spec.nodes().stream().map(NodeSpec::id).toList();
  }

  @Test
  void aBranchHasItsCasesInOrderWithDescriptionsArmsAndOtherwise() {
    WorkflowSpec spec = qoe.spec();
    assertThat(ids(spec)).containsExactly("load", "train", "evaluate", "branch");
    BranchNode b = (BranchNode) spec.node("branch").orElseThrow();
    assertThat(b.outputType()).isEqualTo(String.class);
    assertThat(spec.output()).isEqualTo(Binding.output("branch"));
    assertThat(spec.outputType()).isEqualTo(String.class);

    List<BranchCase> cases = b.cases();
    assertThat(cases).hasSize(3);
    assertThat(cases).extracting(c -> c.condition().description())
        .containsExactly("accuracy >= 0.9", "case 2", "some");
    assertThat(cases).extracting(BranchCase::subject).containsOnly(Binding.output("evaluate"));
    assertThat(cases.get(0).condition().test().test(0.95)).isTrue();
    assertThat(cases.get(0).condition().test().test(0.6)).isFalse();
    assertThat(cases.get(1).condition().test().test(0.6)).isTrue();

    TaskNode first = (TaskNode) cases.get(0).then();
    assertThat(first.id()).isEqualTo("deploy");
    assertThat(first.task()).isSameAs(deploy.spec());
    assertThat(first.inputs()).containsExactly(Binding.output("train"));
    SubWorkflowNode second = (SubWorkflowNode) cases.get(1).then();
    assertThat(second.id()).isEqualTo("review");
    assertThat(second.workflow()).isSameAs(review.spec());
    assertThat(second.input()).isEqualTo(Binding.output("train"));
    assertThat(cases.get(2).then().id()).isEqualTo("deploy-2");
    TaskNode otherwise = (TaskNode) b.otherwise().orElseThrow();
    assertThat(otherwise.id()).isEqualTo("alert");
    assertThat(otherwise.inputs()).containsExactly(Binding.output("evaluate"));
    assertThat(spec.upstream("branch")).containsExactly("evaluate", "train");
  }

  @Test
  void aBranchIsRecordedByItsFirstThenAndBranchIdsAreDeduplicatedAndRenamable() {
    Workflow<Double, Double> w =
        Workflow.named(
            "branches",
            Double.class,
            (wf, x) -> {
              wf.when(x, a -> a > 0).then(score, x); // return value ignored
              wf.when(x, a -> a > 1).then(score, x).named("big");
              Branch<Double> third = wf.when(x, a -> a > 2).then(score, x);
              return third;
            });
    WorkflowSpec spec = w.spec();
    assertThat(ids(spec)).containsExactly("branch", "big", "branch-3");
    BranchNode b = (BranchNode) spec.node("branch").orElseThrow();
    assertThat(b.cases()).hasSize(1);
    assertThat(b.cases().get(0).condition().description()).isEqualTo("case 1");
    assertThat(b.otherwise()).isEmpty();
  }

  @Test
  void aMapNodeHasItsTaskItemsConcurrencyRatioAndListOutputType() {
    Workflow<Void, List<Double>> w =
        Workflow.named(
            "mapped",
            wf ->
                wf.map(score, wf.literal(List.of(1.0, 2.0)))
                    .concurrency(4)
                    .minSuccessRatio(0.5));
    WorkflowSpec spec = w.spec();
    MapNode m = (MapNode) spec.node("map-score").orElseThrow();
    assertThat(m.task()).isSameAs(score.spec());
    assertThat(m.items()).isEqualTo(Binding.literal(List.of(1.0, 2.0), Types.listOf(Double.class)));
    assertThat(m.concurrency()).isEqualTo(4);
    assertThat(m.minSuccessRatio()).isEqualTo(0.5);
    assertThat(m.outputType()).isEqualTo(Types.listOf(Double.class));
    assertThat(spec.outputType()).isEqualTo(Types.listOf(Double.class));
  }

  @Test
  void mapDefaultsAndRenaming() {
    Task1<Dataset, List<Double>> rows = Task.named("rows").of(Fixtures::scores);
    Workflow<Params, List<Double>> w =
        Workflow.named(
            "mapped2",
            Params.class,
            (wf, p) -> {
              MapValue<Double> first = wf.map(score, wf.call(rows, wf.call(load, p)));
              return wf.map(score, first).named("rescored");
            });
    WorkflowSpec spec = w.spec();
    assertThat(ids(spec)).containsExactly("load", "rows", "map-score", "rescored");
    MapNode m = (MapNode) spec.node("map-score").orElseThrow();
    assertThat(m.concurrency()).isZero();
    assertThat(m.minSuccessRatio()).isEqualTo(1.0);
    assertThat(m.items()).isEqualTo(Binding.output("rows"));
    assertThat(((MapNode) spec.node("rescored").orElseThrow()).items())
        .isEqualTo(Binding.output("map-score"));
  }

  static final Workflow<Params, Integer> fan =
      Workflow.named(
          "fan-wf",
          Params.class,
          (wf, params) ->
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
                  }));

  @Test
  void aDynamicNodesExpanderBuildsTheSubWorkflowFromTheInputValue() throws Exception {
    WorkflowSpec spec = fan.spec();
    DynamicNode d = (DynamicNode) spec.node("fan").orElseThrow();
    assertThat(d.inputs()).containsExactly(Binding.INPUT);
    assertThat(d.outputType()).isEqualTo(Integer.class);

    WorkflowSpec sub = d.expander().expand(new Object[] {new Params(3, 0.1)});
    assertThat(sub.name()).isEqualTo("fan-wf.fan");
    assertThat(sub.inputType()).isEqualTo(Void.class);
    assertThat(sub.outputType()).isEqualTo(Integer.class);
    assertThat(ids(sub)).containsExactly("inc", "inc-2", "inc-3");
    assertThat(((TaskNode) sub.nodes().get(0)).inputs()).containsExactly(Binding.literal(0, Integer.class));
    assertThat(sub.output()).isEqualTo(Binding.output("inc-3"));

    WorkflowSpec again = d.expander().expand(new Object[] {new Params(1, 0.1)});
    assertThat(ids(again)).containsExactly("inc");
  }

  @Test
  void aZeroInputDynamicNodeIsNamedByItsFinalId() throws Exception {
    Workflow<Void, Integer> w =
        Workflow.named(
            "dyn0",
            wf -> wf.dynamic("gen", Integer.class, sw -> sw.call(inc, sw.literal(41))).named("renamed"));
    DynamicNode d = (DynamicNode) w.spec().node("renamed").orElseThrow();
    assertThat(d.inputs()).isEmpty();
    WorkflowSpec sub = d.expander().expand(new Object[0]);
    assertThat(sub.name()).isEqualTo("dyn0.renamed");
    assertThat(ids(sub)).containsExactly("inc");
  }

  @Test
  void aDynamicBodyCannotUseValuesOfTheEnclosingWorkflow() {
    Workflow<Integer, Integer> w =
        Workflow.named(
            "outer-wf",
            Integer.class,
            (wf, x) -> {
              Value<Integer> outer = wf.call(inc, x);
              return wf.dynamic("leaky", Integer.class, x, (sw, v) -> sw.call(inc, outer));
            });
    DynamicNode d = (DynamicNode) w.spec().node("leaky").orElseThrow();
    assertThatThrownBy(() -> d.expander().expand(new Object[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workflow 'outer-wf.leaky'")
        .hasMessageContaining("node 'inc' belongs to workflow 'outer-wf'")
        .hasMessageContaining("dynamic node's input");
  }

  @Test
  void aDynamicBodyReturningNullIsReportedWhenExpanded() {
    Workflow<Void, Integer> w =
        Workflow.named("dyn-null", wf -> wf.dynamic("nothing", Integer.class, sw -> null));
    DynamicNode d = (DynamicNode) w.spec().node("nothing").orElseThrow();
    assertThatThrownBy(() -> d.expander().expand(new Object[0]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("workflow 'dyn-null.nothing': the dynamic body returned null");
  }

  @Test
  void branchMisuseIsReported() {
    assertThatThrownBy(
            () ->
                Workflow.named(
                    "late-case",
                    Double.class,
                    (wf, x) -> {
                      Branch<Double> b = wf.when(x, a -> a > 0).then(score, x);
                      b.otherwise(score, x);
                      b.orWhen(x, a -> a > 1).then(score, x);
                      return b;
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("workflow 'late-case', branch 'branch': a case was added after otherwise");
    assertThatThrownBy(
            () ->
                Workflow.named(
                    "null-test",
                    Double.class,
                    (wf, x) -> wf.when(x, null).then(score, x)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workflow 'null-test', a when(...): the test is null");
  }
}
