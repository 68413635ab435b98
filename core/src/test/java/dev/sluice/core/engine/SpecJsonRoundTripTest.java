package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.BranchCase;
import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.Condition;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.GateSpec;
import dev.sluice.core.model.GateNode;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskCatalog;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.model.WorkflowValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class SpecJsonRoundTripTest {
  private final TaskSpec inc = Dag.task("inc", 1, (a, c) -> (Long) a[0] + 1);
  private final TaskSpec add = Dag.task("add", 2, (a, c) -> (Long) a[0] + (Long) a[1]);
  private final TaskSpec range =
      TaskSpec.builder("range").input("n", Long.class).output(Types.listOf(Long.class))
          .jvm((a, c) -> List.of(1L, 2L, (Long) a[0])).build();
  private final TaskSpec sum =
      TaskSpec.builder("sum").input("xs", Types.listOf(Long.class)).output(Long.class)
          .jvm((a, c) -> ((List<?>) a[0]).stream().mapToLong(x -> (Long) x).sum()).build();
  private final TaskCatalog catalog = TaskCatalog.of(inc, add, range, sum);

  private WorkflowSpec original() {
    WorkflowSpec inner = Dag.named("inner").call("inc", inc, Dag.INPUT).returning("inc");
    return Dag.named("json-trip")
        .call("one", inc, Dag.INPUT)
        .node(new TaskNode("plus-ten", add, List.of(Binding.output("one"), Binding.literal(10L, Long.class))))
        .node(new SubWorkflowNode("sub", inner, Binding.output("plus-ten")))
        .call("range", range, "sub")
        .node(new MapNode("each", inc, Binding.output("range"), 2, 1))
        .call("sum", sum, "each")
        .returning("sum");
  }

  @Test
  void aSpecReadBackFromItsJsonHasTheSameShapeAndRunsTheSame() throws TimeoutException {
    WorkflowSpec spec = original();

    WorkflowSpec read = WorkflowSpec.fromJson(spec.toJson(), catalog);

    assertThat(read.toJson()).isEqualTo(spec.toJson());
    assertThat(read.upstream("plus-ten")).containsExactly("one");
    try (Engine engine = Engine.local()) {
      Object a = engine.run(spec, 1L, RunOptions.DEFAULT).await(Duration.ofSeconds(10));
      Object b = engine.run(read, 1L, RunOptions.DEFAULT).await(Duration.ofSeconds(10));
      assertThat(b).isEqualTo(a).isEqualTo(2L + 3L + 14L);
    }
  }

  @Test
  void aCycleInJsonIsReportedWithTheNodesOnIt() {
    String json =
        original().toJson()
            .replace("\"inputs\" : {\n      \"in0\" : {\n        \"workflowInput\" : true", "\"inputs\" : {\n      \"in0\" : {\n        \"node\" : \"sum\"");

    assertThatThrownBy(() -> WorkflowSpec.fromJson(json, catalog))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("form a cycle")
        .hasMessageContaining("one")
        .hasMessageContaining("sum");
  }

  @Test
  void unknownTasksAndOldVersionsAreNamed() {
    TaskCatalog partial = TaskCatalog.of(inc.toBuilder().version("2").build(), range, sum);

    assertThatThrownBy(() -> WorkflowSpec.fromJson(original().toJson(), partial))
        .isInstanceOfSatisfying(WorkflowValidationException.class, e -> assertThat(e.errors()).hasSizeGreaterThanOrEqualTo(2))
        .hasMessageContaining("node 'plus-ten': task 'add' is not in the task catalog")
        .hasMessageContaining("node 'one': the spec was written with task 'inc' version 1 but the catalog has version 2");
  }

  @Test
  void theCachePolicyIsWrittenAndMustMatchTheCatalogs() throws Exception {
    CachePolicy policy =
        CachePolicy.builder().version("v2").ignore("in0").expireAfter(Duration.ofDays(7)).serialized().build();
    TaskSpec cached = inc.toBuilder().cache(policy).build();
    WorkflowSpec spec = Dag.named("cached-json").call("one", cached, Dag.INPUT).returning("one");

    JsonNode cache = new ObjectMapper().readTree(spec.toJson()).at("/nodes/0/task/cache");
    assertThat(cache.toString())
        .isEqualTo("{\"enabled\":true,\"version\":\"v2\",\"codeHash\":null,\"ignoredInputs\":[\"in0\"],"
            + "\"expireAfter\":\"PT168H\",\"serialized\":true}");
    assertThat(WorkflowSpec.fromJson(spec.toJson(), TaskCatalog.of(cached)).toJson()).isEqualTo(spec.toJson());
    assertThatThrownBy(() -> WorkflowSpec.fromJson(spec.toJson(), TaskCatalog.of(inc)))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("node 'one': the spec was written with task 'inc' cache policy {\"enabled\":true,\"version\":\"v2\"")
        .hasMessageContaining("but the catalog's task has {\"enabled\":false}");
  }

  @Test
  void branchesCannotBeReadBackBecauseTheirConditionsAreCode() {
    BranchNode branch =
        new BranchNode(
            "decide",
            List.of(new BranchCase(Binding.INPUT, new Condition("x > 1", v -> true), new TaskNode("inc", inc, List.of(Binding.INPUT)))),
            Optional.empty(),
            Long.class);
    WorkflowSpec spec = Dag.named("branchy").node(branch).returning("decide");

    assertThatThrownBy(() -> WorkflowSpec.fromJson(spec.toJson(), catalog))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("node 'decide': at $.nodes[0]: a branch node holds Java code (its conditions)")
        .hasMessageContaining("define this workflow in Java with the DSL");
  }

  @Test
  void textThatIsNotJsonIsRefusedClearly() {
    assertThatThrownBy(() -> WorkflowSpec.fromJson("flowchart TD", catalog))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a workflow spec: the text is not JSON");
  }

  // ---- item 15: the reader rejects what it does not understand, naming the JSON path ----------

  /** The original spec's JSON, changed by {@code edit}, read back; the error message. */
  private String errorAfter(java.util.function.Consumer<ObjectNode> edit) throws Exception {
    ObjectNode root = (ObjectNode) new ObjectMapper().readTree(original().toJson());
    edit.accept(root);
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> WorkflowSpec.fromJson(root.toString(), catalog));
    assertThat(t).isInstanceOf(WorkflowValidationException.class);
    return t.getMessage();
  }

  private static ObjectNode node(ObjectNode root, int index, String id) {
    ObjectNode n = (ObjectNode) root.get("nodes").get(index);
    assertThat(n.get("id").asText()).isEqualTo(id);
    return n;
  }

  @Test
  void aMissingOrMalformedBindingIsAnErrorNotTheWorkflowInput() throws Exception {
    assertThat(errorAfter(r -> ((ObjectNode) node(r, 0, "one").get("inputs")).remove("in0")))
        .contains("node 'one', input 'in0'").contains("at $.nodes[0].inputs.in0: the binding is missing");
    assertThat(errorAfter(r -> ((ObjectNode) node(r, 0, "one").get("inputs")).putObject("in0").put("nod", "x")))
        .contains("at $.nodes[0].inputs.in0: not a binding: {\"nod\":\"x\"}");
    assertThat(errorAfter(r -> ((ObjectNode) node(r, 0, "one").get("inputs")).putObject("in0").put("workflowInput", false)))
        .contains("at $.nodes[0].inputs.in0: not a binding");
    assertThat(errorAfter(r -> r.remove("output"))).contains("at $.output: the binding is missing");
    assertThat(errorAfter(r -> node(r, 2, "sub").put("input", "one"))).contains("at $.nodes[2].input: expected a binding");
  }

  @Test
  void aConcurrencyThatIsNotAWholeNumberInRangeIsAnErrorNotNoLimit() throws Exception {
    assertThat(errorAfter(r -> node(r, 4, "each").put("concurrency", "4")))
        .contains("node 'each'").contains("at $.nodes[4].concurrency: expected a whole number from 0 to 2147483647, found string \"4\"");
    assertThat(errorAfter(r -> node(r, 4, "each").put("concurrency", 4_294_967_298L)))
        .contains("at $.nodes[4].concurrency").contains("4294967298");
    assertThat(errorAfter(r -> node(r, 4, "each").put("concurrency", 2.5))).contains("at $.nodes[4].concurrency");
    assertThat(errorAfter(r -> node(r, 4, "each").put("minSuccessRatio", "all"))).contains("at $.nodes[4].minSuccessRatio");
  }

  @Test
  void anUnknownEnumValueKindOrFieldNamesItsPathAndTheChoices() throws Exception {
    assertThat(errorAfter(r -> r.put("failurePolicy", "FAIL_SLOW")))
        .contains("at $.failurePolicy: unknown failurePolicy 'FAIL_SLOW'").contains("FAIL_FAST")
        .doesNotContain("No enum constant");
    assertThat(errorAfter(r -> node(r, 0, "one").put("kind", "tsak")))
        .contains("at $.nodes[0].kind: unknown node kind 'tsak'");
    assertThat(errorAfter(r -> node(r, 4, "each").put("concurrrency", 2)))
        .contains("at $.nodes[4].concurrrency: unknown field 'concurrrency'");
    assertThat(errorAfter(r -> r.put("version", 3))).contains("at $.version: expected a string, found number 3");
    assertThat(errorAfter(r -> ((ObjectNode) node(r, 0, "one").get("inputs")).putObject("extra").put("node", "one")))
        .contains("at $.nodes[0].inputs.extra: task 'inc' has no input 'extra'");
  }

  @Test
  void gatesAndMapsOfGatesAreReadBackWithTheirTypesTimeoutsAndDefaults() {
    GateSpec.Signal approve = new GateSpec.Signal("approve", dev.sluice.core.model.Approval.class,
        Optional.of(p -> Optional.empty()), Optional.of(Duration.ofHours(4)),
        GateSpec.OnTimeout.use(dev.sluice.core.model.Approval.reject("sluice", "no decision")), true);
    GateSpec.Signal file = new GateSpec.Signal("file", String.class, Optional.empty(), Optional.empty(),
        GateSpec.OnTimeout.FAIL, false);
    WorkflowSpec spec = Dag.named("gated-trip")
        .call("range", range, Dag.INPUT)
        .node(new GateNode("cool-down", new GateSpec.Sleep(Optional.of(Duration.ofMinutes(5)), Optional.empty()),
            List.of(Binding.output("range"))))
        .node(new GateNode("until", new GateSpec.Sleep(Optional.empty(), Optional.of(java.time.Instant.parse(
            "2030-01-01T00:00:00Z"))), List.of()))
        .node(new GateNode("approve", approve, List.of(Binding.output("cool-down"), Binding.output("until"))))
        .node(MapNode.ofGate("files", file, Binding.output("range"), 0, 0.5))
        .call("sum", sum, "range")
        .returning("sum");

    WorkflowSpec read = WorkflowSpec.fromJson(spec.toJson(), catalog);

    assertThat(read.toJson().replace("\"validated\" : true", "\"validated\" : false"))
        .as("the same, except that JSON carries no validator").isEqualTo(spec.toJson().replace(
            "\"validated\" : true", "\"validated\" : false"));
    GateSpec.Signal back = (GateSpec.Signal) ((GateNode) read.node("approve").orElseThrow()).gate();
    assertThat(back.validator()).isEmpty();
    assertThat(back.onTimeout().value()).isEqualTo(dev.sluice.core.model.Approval.reject("sluice", "no decision"));
    assertThat(back.failOnReject()).isTrue();
    assertThat(((MapNode) read.node("files").orElseThrow()).gate()).contains(file);
    assertThat(read.upstream("approve")).containsExactlyInAnyOrder("cool-down", "until");
  }
}
