package dev.sluice.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.FailurePolicy;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.RunFailure;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.dsl.Fixtures.Dataset;
import dev.sluice.dsl.Fixtures.Model;
import dev.sluice.dsl.Fixtures.Params;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowTest {
  static final Task1<Params, Dataset> load =
      Task.named("load-data").version("2").of(p -> Fixtures.generate(p.samples()));
  static final Task2<Dataset, Params, Model> train =
      Task.named("train").inputNames("dataset", "params").of((d, p) -> Fixtures.fit(d, p.lr()));
  static final Task2<Model, Dataset, Double> evaluate = Task.named("evaluate").of(Fixtures::accuracy);
  static final Task1<Integer, Integer> inc = Task.named("inc").of(x -> x + 1);
  static final Task1<String, String> greet = Task.named("greet").of(s -> "hello " + s);
  static final Task1<RunFailure, String> notify = Task.named("notify").of(RunFailure::message);

  static final Workflow<Void, String> hello =
      Workflow.named("hello", wf -> wf.call(greet, wf.literal("world")));

  static final Workflow<Params, Double> pipeline =
      Workflow.named(
          "pipeline",
          Params.class,
          (wf, params) -> {
            Value<Dataset> data = wf.call(load, params);
            Value<Model> model = wf.call(train, data, params).named("train-main");
            return wf.call(evaluate, model, data);
          });

  private static TaskNode task(WorkflowSpec spec, String id) {
    return (TaskNode) spec.node(id).orElseThrow(() -> new AssertionError("no node " + id));
  }

  private static List<String> ids(WorkflowSpec spec) {
    return spec.nodes().stream().map(NodeSpec::id).toList();
  }

  @Test
  void aWorkflowRecordsItsNodesBindingsAndOutput() {
    WorkflowSpec spec = pipeline.spec();
    assertThat(spec.name()).isEqualTo("pipeline");
    assertThat(pipeline.name()).isEqualTo("pipeline");
    assertThat(spec.inputType()).isEqualTo(Params.class);
    assertThat(spec.outputType()).isEqualTo(Double.class);
    assertThat(ids(spec)).containsExactly("load-data", "train-main", "evaluate");
    assertThat(task(spec, "load-data").inputs()).containsExactly(Binding.INPUT);
    assertThat(task(spec, "load-data").task()).isSameAs(load.spec());
    assertThat(task(spec, "train-main").inputs())
        .containsExactly(Binding.output("load-data"), Binding.INPUT);
    assertThat(task(spec, "evaluate").inputs())
        .containsExactly(Binding.output("train-main"), Binding.output("load-data"));
    assertThat(spec.output()).isEqualTo(Binding.output("evaluate"));
    assertThat(spec.upstream("evaluate")).containsExactly("train-main", "load-data");
    assertThat(spec.version()).isEqualTo("1");
    assertThat(spec.failurePolicy()).isEqualTo(FailurePolicy.FAIL_FAST);
    assertThat(spec.onFailure()).isEmpty();
    assertThat(pipeline).hasToString("Workflow[pipeline v1: Params -> Double, 3 nodes]");
  }

  @Test
  void aVoidInputWorkflowWithALiteral() {
    WorkflowSpec spec = hello.spec();
    assertThat(spec.inputType()).isEqualTo(Void.class);
    assertThat(spec.outputType()).isEqualTo(String.class);
    assertThat(task(spec, "greet").inputs()).containsExactly(Binding.literal("world", String.class));
  }

  @Test
  void unnamedCallsOfOneTaskAreDeduplicated() {
    Workflow<Integer, Integer> w =
        Workflow.named(
            "chain",
            Integer.class,
            (wf, x) -> {
              Value<Integer> v = x;
              for (int i = 0; i < 4; i++) {
                v = wf.call(inc, v);
              }
              return v;
            });
    WorkflowSpec spec = w.spec();
    assertThat(ids(spec)).containsExactly("inc", "inc-2", "inc-3", "inc-4");
    assertThat(task(spec, "inc").inputs()).containsExactly(Binding.INPUT);
    assertThat(task(spec, "inc-2").inputs()).containsExactly(Binding.output("inc"));
    assertThat(task(spec, "inc-4").inputs()).containsExactly(Binding.output("inc-3"));
    assertThat(spec.output()).isEqualTo(Binding.output("inc-4"));
  }

  @Test
  void namedRenamesANodeEvenAfterItsValueWasUsed() {
    Workflow<Integer, Integer> w =
        Workflow.named(
            "rename",
            Integer.class,
            (wf, x) -> {
              Value<Integer> first = wf.call(inc, x);
              Value<Integer> second = wf.call(inc, first);
              first.named("start"); // after `second` read it
              return second;
            });
    WorkflowSpec spec = w.spec();
    assertThat(ids(spec)).containsExactly("start", "inc-2");
    assertThat(task(spec, "inc-2").inputs()).containsExactly(Binding.output("start"));
  }

  @Test
  void anExplicitNameWinsOverADefaultIdAndTheDefaultMovesOn() {
    Workflow<Integer, Integer> w =
        Workflow.named(
            "clash",
            Integer.class,
            (wf, x) -> {
              Value<Integer> a = wf.call(inc, x); // default "inc"
              Value<Integer> b = wf.call(inc, a).named("inc"); // takes "inc"
              return wf.call(inc, b); // default "inc-3"
            });
    WorkflowSpec spec = w.spec();
    assertThat(ids(spec)).containsExactly("inc-4", "inc", "inc-3");
    assertThat(task(spec, "inc").inputs()).containsExactly(Binding.output("inc-4"));
  }

  @Test
  void aTaskWhoseNameLooksLikeADefaultIdDoesNotCollide() {
    Task1<Integer, Integer> incTwo = Task.named("inc-2").of(x -> x + 2);
    Workflow<Integer, Integer> w =
        Workflow.named(
            "suffixes",
            Integer.class,
            (wf, x) -> wf.call(inc, wf.call(incTwo, wf.call(inc, x))));
    WorkflowSpec spec = w.spec();
    assertThat(ids(spec)).containsExactly("inc", "inc-2", "inc-3");
    assertThat(task(spec, "inc-2").task().name()).isEqualTo("inc-2");
    assertThat(task(spec, "inc-3").inputs()).containsExactly(Binding.output("inc-2"));
  }

  @Test
  void subWorkflowCallsBindTheirInputAndOutputTheSubWorkflowsOutput() {
    Workflow<Params, Double> outer =
        Workflow.named(
            "outer",
            Params.class,
            (wf, p) -> {
              Value<Double> acc = wf.call(pipeline, p);
              Value<String> greeting = wf.call(hello);
              wf.call(greet, greeting);
              return acc;
            });
    WorkflowSpec spec = outer.spec();
    assertThat(ids(spec)).containsExactly("pipeline", "hello", "greet");
    SubWorkflowNode sub = (SubWorkflowNode) spec.node("pipeline").orElseThrow();
    assertThat(sub.workflow()).isSameAs(pipeline.spec());
    assertThat(sub.input()).isEqualTo(Binding.INPUT);
    assertThat(sub.outputType()).isEqualTo(Double.class);
    SubWorkflowNode voidSub = (SubWorkflowNode) spec.node("hello").orElseThrow();
    assertThat(voidSub.input()).isEqualTo(Binding.literal(null, Void.class));
    assertThat(task(spec, "greet").inputs()).containsExactly(Binding.output("hello"));
  }

  @Test
  void literalsAreTypedByTheirClassOrTheDeclaredType() {
    Task1<List<Double>, Integer> count = Task.named("count").of(List::size);
    Task1<Integer, Integer> maybe = Task.named("maybe").of(x -> x == null ? 0 : x);
    Workflow<Void, Integer> w =
        Workflow.named(
            "literals",
            wf -> {
              wf.call(count, wf.literal(List.of(1.0, 2.5))).named("list");
              wf.call(inc, wf.literal(7)).named("seven");
              return wf.call(maybe, wf.literal(null, Integer.class));
            });
    WorkflowSpec spec = w.spec();
    assertThat(task(spec, "list").inputs())
        .containsExactly(Binding.literal(List.of(1.0, 2.5), Types.listOf(Double.class)));
    assertThat(task(spec, "seven").inputs()).containsExactly(Binding.literal(7, Integer.class));
    assertThat(task(spec, "maybe").inputs()).containsExactly(Binding.literal(null, Integer.class));
  }

  enum Mode {
    FAST {
      @Override
      public String toString() {
        return "fast";
      }
    },
    SLOW
  }

  @Test
  void collectionAndEnumLiteralsAreTypedByInterfaceAndCommonElementClass() {
    Task1<Object, Object> any = Task.named("any").of(x -> x);
    Workflow<Void, Object> w =
        Workflow.named(
            "typed-literals",
            wf -> {
              wf.call(any, wf.literal(List.of(1, 2.5))).named("numbers");
              wf.call(any, wf.literal(java.util.Set.of("a"))).named("set");
              wf.call(any, wf.literal(java.util.Map.of("k", 1L))).named("map");
              wf.call(any, wf.literal(List.of())).named("empty");
              wf.call(any, wf.literal(List.of(1.0), Types.listOf(Number.class))).named("declared");
              return wf.call(any, wf.literal(Mode.FAST)).named("enum");
            });
    WorkflowSpec spec = w.spec();
    assertThat(literalType(spec, "numbers")).isEqualTo(Types.listOf(Number.class));
    assertThat(literalType(spec, "set").getTypeName()).isEqualTo("java.util.Set<java.lang.String>");
    assertThat(literalType(spec, "map").getTypeName())
        .isEqualTo("java.util.Map<java.lang.String, java.lang.Long>");
    assertThat(literalType(spec, "empty")).isEqualTo(Types.listOf(Object.class));
    assertThat(literalType(spec, "declared")).isEqualTo(Types.listOf(Number.class));
    assertThat(literalType(spec, "enum")).isEqualTo(Mode.class);
  }

  private static java.lang.reflect.Type literalType(WorkflowSpec spec, String node) {
    return ((Binding.Literal) task(spec, node).inputs().get(0)).type();
  }

  @Test
  void workflowOptionsLandInTheSpec() {
    Workflow<Integer, Integer> w =
        Workflow.named(
            "options",
            Integer.class,
            (wf, x) -> {
              wf.onFailure(notify);
              wf.failurePolicy(FailurePolicy.FINISH_RUNNABLE);
              wf.version("3");
              assertThat(wf.name()).isEqualTo("options");
              return wf.call(inc, x);
            });
    WorkflowSpec spec = w.spec();
    assertThat(spec.version()).isEqualTo("3");
    assertThat(spec.failurePolicy()).isEqualTo(FailurePolicy.FINISH_RUNNABLE);
    assertThat(spec.onFailure()).contains(notify.spec());
  }

  @Test
  void returningTheInputOrALiteralIsAValidOutput() {
    Workflow<String, String> identity = Workflow.named("identity", String.class, (wf, s) -> s);
    Workflow<Void, Integer> constant = Workflow.named("constant", wf -> wf.literal(5));
    assertThat(identity.spec().output()).isEqualTo(Binding.INPUT);
    assertThat(identity.spec().nodes()).isEmpty();
    assertThat(constant.spec().output()).isEqualTo(Binding.literal(5, Integer.class));
    assertThat(constant.spec().outputType()).isEqualTo(Integer.class);
  }

  @Test
  void jsonHasTheNodesAndTaskNamesAndMermaidHasAnEdgePerDependency() {
    WorkflowSpec spec = pipeline.spec();
    String json = spec.toJson();
    assertThat(json)
        .contains("\"workflow\" : \"pipeline\"")
        .contains("\"id\" : \"load-data\"", "\"id\" : \"train-main\"", "\"id\" : \"evaluate\"")
        .contains("\"name\" : \"train\"");

    String mermaid = spec.toMermaid();
    assertThat(mermaid).startsWith("flowchart TD");
    int dependencies = 0;
    for (NodeSpec n : spec.nodes()) {
      dependencies += spec.upstream(n.id()).size();
    }
    assertThat(dependencies).isEqualTo(3); // load->train, load->evaluate, train->evaluate
    long edges = mermaid.lines().filter(l -> l.matches("\\s*n\\d+ --> n\\d+")).count();
    assertThat(edges).isEqualTo(dependencies);
    assertThat(mermaid).contains("input --> n0", "input --> n1", "n2 --> output");
  }
}
