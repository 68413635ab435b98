package dev.sluice.core.internal.model;

import static dev.sluice.core.model.ModelFixtures.call;
import static dev.sluice.core.model.ModelFixtures.ref;
import static dev.sluice.core.model.ModelFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.BranchCase;
import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.Condition;
import dev.sluice.core.model.DynamicNode;
import dev.sluice.core.model.FailurePolicy;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.Placement;
import dev.sluice.core.model.Resources;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.RunFailure;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Toleration;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowSpec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link WorkflowSpec#toJson()} parsed back with Jackson, field by field. */
class SpecJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TaskSpec SQUARE = task("square", Long.class, Long.class);

  private static JsonNode root;

  static WorkflowSpec inner() {
    return WorkflowSpec.builder("inner", Long.class)
        .version("3")
        .node(call("twice", SQUARE, Binding.INPUT))
        .output(ref("twice"), Long.class)
        .build();
  }

  static WorkflowSpec rich() {
    TaskSpec prepare =
        TaskSpec.builder("prepare")
            .version("2.1")
            .input("rows", Types.listOf(Double.class))
            .output(Long.class)
            .jvm((args, ctx) -> 0L)
            .retry(
                RetryPolicy.builder()
                    .maxAttempts(4)
                    .initialBackoff(Duration.ofSeconds(2))
                    .multiplier(3)
                    .maxBackoff(Duration.ofMinutes(1))
                    .jitter(0.1)
                    .retryOn(IOException.class)
                    .abortOn(FileNotFoundException.class)
                    .build())
            .timeout(Duration.ofSeconds(30))
            .maxConcurrency(2)
            .resources(new Resources(1.5, "8Gi", 1, Map.of("trainer", 1.0)))
            .placement(
                new Placement(
                    "k8s",
                    "ghcr.io/acme/train:1",
                    Map.of("pool", "gpu"),
                    List.of(Toleration.of("gpu", "true", "NoSchedule")),
                    Map.of("MODE", "fast")))
            .build();
    TaskSpec scale =
        TaskSpec.builder("scale")
            .input("x", Long.class)
            .input("factor", Long.class)
            .output(Long.class)
            .body(new TaskBody.Command(List.of("python", "scale.py"), Map.of("PYTHONUNBUFFERED", "1")))
            .build();
    return WorkflowSpec.builder("rich", Types.listOf(Double.class))
        .version("7")
        .failurePolicy(FailurePolicy.FINISH_RUNNABLE)
        .node(call("prep", prepare, Binding.INPUT))
        .node(call("scaled", scale, ref("prep"), Binding.literal(3L, Long.class)))
        .node(new MapNode("fan", SQUARE, Binding.literal(List.of(1L, 2L), Types.listOf(Long.class)), 4, 0.5))
        .node(
            new BranchNode(
                "choose",
                List.of(
                    new BranchCase(
                        ref("scaled"),
                        new Condition("x > 10", v -> (Long) v > 10),
                        call("big", SQUARE, ref("scaled")))),
                Optional.of(call("small", SQUARE, ref("prep"))),
                Long.class))
        .node(new SubWorkflowNode("sub", inner(), ref("choose")))
        .node(new DynamicNode("dyn", List.of(ref("sub"), ref("fan")), Long.class, inputs -> null))
        .output(ref("dyn"), Long.class)
        .onFailure(task("alert", Void.class, RunFailure.class))
        .build();
  }

  @BeforeAll
  static void render() throws IOException {
    root = JSON.readTree(rich().toJson());
  }

  private static JsonNode node(String id) {
    for (JsonNode n : root.get("nodes")) {
      if (n.get("id").asText().equals(id)) {
        return n;
      }
    }
    throw new AssertionError("no node " + id + " in " + root);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void workflowHeader() {
    assertThat(root.get("workflow").asText()).isEqualTo("rich");
    assertThat(root.get("version").asText()).isEqualTo("7");
    assertThat(root.get("inputType").asText()).isEqualTo("java.util.List<java.lang.Double>");
    assertThat(root.get("outputType").asText()).isEqualTo("java.lang.Long");
    assertThat(root.get("failurePolicy").asText()).isEqualTo("FINISH_RUNNABLE");
    assertThat(root.get("output")).isEqualTo(JSON.createObjectNode().put("node", "dyn"));
    assertThat(root.at("/onFailure/name").asText()).isEqualTo("alert");
    assertThat(root.at("/onFailure/inputs/0/type").asText()).isEqualTo(RunFailure.class.getName());
  }

  @Test
  void nodesInTopologicalOrderWithIdsKindsAndUpstream() {
    List<String> ids = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    root.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
    root.get("nodes").forEach(n -> kinds.add(n.get("kind").asText()));

    assertThat(ids).containsExactly("prep", "scaled", "fan", "choose", "sub", "dyn");
    assertThat(kinds).containsExactly("task", "task", "map", "branch", "workflow", "dynamic");
    assertThat(texts(node("choose").get("upstream"))).containsExactly("scaled", "prep");
    assertThat(texts(node("dyn").get("upstream"))).containsExactly("sub", "fan");
    assertThat(node("prep").get("upstream")).isEmpty();
    assertThat(node("fan").get("outputType").asText()).isEqualTo("java.util.List<java.lang.Long>");
  }

  @Test
  void taskNodeBindingsByInputName() {
    JsonNode prep = node("prep");
    JsonNode scaled = node("scaled");

    assertThat(prep.at("/task/name").asText()).isEqualTo("prepare");
    assertThat(prep.at("/task/version").asText()).isEqualTo("2.1");
    assertThat(prep.get("inputs")).isEqualTo(JSON.createObjectNode().set("rows", JSON.createObjectNode().put("workflowInput", true)));
    assertThat(fieldNames(scaled.get("inputs"))).containsExactly("x", "factor");
    assertThat(scaled.at("/inputs/x")).isEqualTo(JSON.createObjectNode().put("node", "prep"));
    assertThat(scaled.at("/inputs/factor/literal").asLong()).isEqualTo(3L);
    assertThat(scaled.at("/inputs/factor/type").asText()).isEqualTo("java.lang.Long");
  }

  @Test
  void taskPoliciesRetryTimeoutResourcesPlacement() {
    JsonNode t = node("prep").get("task");

    assertThat(t.get("body").asText()).isEqualTo("jvm");
    assertThat(t.at("/inputs/0/name").asText()).isEqualTo("rows");
    assertThat(t.at("/inputs/0/type").asText()).isEqualTo("java.util.List<java.lang.Double>");
    assertThat(t.get("outputType").asText()).isEqualTo("java.lang.Long");
    assertThat(t.at("/retry/maxAttempts").asInt()).isEqualTo(4);
    assertThat(t.at("/retry/initialBackoff").asText()).isEqualTo("PT2S");
    assertThat(t.at("/retry/multiplier").asDouble()).isEqualTo(3.0);
    assertThat(t.at("/retry/maxBackoff").asText()).isEqualTo("PT1M");
    assertThat(t.at("/retry/jitter").asDouble()).isEqualTo(0.1);
    assertThat(texts(t.at("/retry/retryOn"))).containsExactly("java.io.IOException");
    assertThat(texts(t.at("/retry/abortOn"))).containsExactly("java.io.FileNotFoundException");
    assertThat(t.get("timeout").asText()).isEqualTo("PT30S");
    assertThat(t.get("maxConcurrency").asInt()).isEqualTo(2);
    assertThat(t.at("/resources/cpu").asDouble()).isEqualTo(1.5);
    assertThat(t.at("/resources/memory").asText()).isEqualTo("8Gi");
    assertThat(t.at("/resources/gpu").asInt()).isEqualTo(1);
    assertThat(t.at("/resources/custom/trainer").asDouble()).isEqualTo(1.0);
    assertThat(t.at("/placement/executor").asText()).isEqualTo("k8s");
    assertThat(t.at("/placement/image").asText()).isEqualTo("ghcr.io/acme/train:1");
    assertThat(t.at("/placement/nodeSelector/pool").asText()).isEqualTo("gpu");
    assertThat(t.at("/placement/tolerations/0/key").asText()).isEqualTo("gpu");
    assertThat(t.at("/placement/tolerations/0/operator").asText()).isEqualTo("Equal");
    assertThat(t.at("/placement/tolerations/0/value").asText()).isEqualTo("true");
    assertThat(t.at("/placement/tolerations/0/effect").asText()).isEqualTo("NoSchedule");
    assertThat(t.at("/placement/environment/MODE").asText()).isEqualTo("fast");
  }

  @Test
  void defaultsRenderAsNullsAndZeros() {
    JsonNode t = node("fan").get("task");

    assertThat(t.get("timeout").isNull()).isTrue();
    assertThat(t.get("maxConcurrency").asInt()).isZero();
    assertThat(t.at("/retry/maxAttempts").asInt()).isEqualTo(1);
    assertThat(t.at("/resources/memory").isNull()).isTrue();
    assertThat(t.at("/placement/executor").isNull()).isTrue();
    assertThat(t.at("/placement/tolerations")).isEmpty();
  }

  @Test
  void commandTask() {
    JsonNode t = node("scaled").get("task");

    assertThat(t.get("body").asText()).isEqualTo("command");
    assertThat(texts(t.get("command"))).containsExactly("python", "scale.py");
    assertThat(t.at("/commandEnvironment/PYTHONUNBUFFERED").asText()).isEqualTo("1");
  }

  @Test
  void mapNode() {
    JsonNode fan = node("fan");

    assertThat(fan.at("/task/name").asText()).isEqualTo("square");
    assertThat(fan.get("concurrency").asInt()).isEqualTo(4);
    assertThat(fan.get("minSuccessRatio").asDouble()).isEqualTo(0.5);
    assertThat(fan.at("/items/literal")).isEqualTo(JSON.createArrayNode().add(1).add(2));
    assertThat(fan.at("/items/type").asText()).isEqualTo("java.util.List<java.lang.Long>");
  }

  @Test
  void branchNodeWithConditionDescriptions() {
    JsonNode choose = node("choose");

    assertThat(choose.get("cases")).hasSize(1);
    assertThat(choose.at("/cases/0/condition").asText()).isEqualTo("x > 10");
    assertThat(choose.at("/cases/0/subject")).isEqualTo(JSON.createObjectNode().put("node", "scaled"));
    assertThat(choose.at("/cases/0/then/id").asText()).isEqualTo("big");
    assertThat(choose.at("/cases/0/then/kind").asText()).isEqualTo("task");
    assertThat(choose.at("/cases/0/then/task/name").asText()).isEqualTo("square");
    assertThat(choose.at("/cases/0/then/inputs/in0/node").asText()).isEqualTo("scaled");
    assertThat(choose.at("/otherwise/id").asText()).isEqualTo("small");
    assertThat(choose.at("/otherwise/inputs/in0/node").asText()).isEqualTo("prep");
  }

  @Test
  void subWorkflowIsNested() {
    JsonNode sub = node("sub");

    assertThat(sub.get("input")).isEqualTo(JSON.createObjectNode().put("node", "choose"));
    assertThat(sub.at("/workflow/workflow").asText()).isEqualTo("inner");
    assertThat(sub.at("/workflow/version").asText()).isEqualTo("3");
    assertThat(sub.at("/workflow/inputType").asText()).isEqualTo("java.lang.Long");
    assertThat(sub.at("/workflow/nodes/0/id").asText()).isEqualTo("twice");
    assertThat(sub.at("/workflow/nodes/0/inputs/in0/workflowInput").asBoolean()).isTrue();
    assertThat(sub.at("/workflow/output/node").asText()).isEqualTo("twice");
  }

  @Test
  void dynamicNodeListsItsInputs() {
    JsonNode dyn = node("dyn");

    assertThat(dyn.get("inputs")).hasSize(2);
    assertThat(dyn.at("/inputs/0/node").asText()).isEqualTo("sub");
    assertThat(dyn.at("/inputs/1/node").asText()).isEqualTo("fan");
  }

  @Test
  void literalThatJacksonCannotSerializeIsRenderedAsText() throws IOException {
    TaskSpec wait = task("wait", Long.class, Duration.class);
    WorkflowSpec spec =
        WorkflowSpec.builder("wf", Long.class)
            .node(call("w", wait, Binding.literal(Duration.ofSeconds(5), Duration.class)))
            .output(ref("w"), Long.class)
            .build();

    JsonNode literal = JSON.readTree(spec.toJson()).at("/nodes/0/inputs/in0");
    assertThat(literal.get("literal").asText()).isEqualTo("PT5S");
    assertThat(literal.get("type").asText()).isEqualTo("java.time.Duration");
  }

  @Test
  void mapsRenderSortedByKeySoTheJsonIsStable() throws IOException {
    Map<String, String> selector = new LinkedHashMap<>();
    Map<String, Double> custom = new LinkedHashMap<>();
    for (String k : List.of("zone", "arch", "pool", "tier", "disk", "cpu", "mem", "bandwidth")) {
      selector.put(k, "v-" + k);
      custom.put(k, 1.0);
    }
    TaskSpec t =
        TaskSpec.builder("t")
            .jvm((args, ctx) -> null)
            .resources(new Resources(0, null, 0, custom))
            .placement(new Placement(null, null, selector, List.of(), selector))
            .build();
    WorkflowSpec spec =
        WorkflowSpec.builder("wf", Long.class).node(call("t", t)).output(ref("t"), Object.class).build();

    JsonNode task = JSON.readTree(spec.toJson()).at("/nodes/0/task");
    List<String> sorted = List.of("arch", "bandwidth", "cpu", "disk", "mem", "pool", "tier", "zone");
    assertThat(fieldNames(task.at("/placement/nodeSelector"))).containsExactlyElementsOf(sorted);
    assertThat(fieldNames(task.at("/placement/environment"))).containsExactlyElementsOf(sorted);
    assertThat(fieldNames(task.at("/resources/custom"))).containsExactlyElementsOf(sorted);
    assertThat(spec.toJson()).isEqualTo(spec.toJson());
  }

  @Test
  void renderingIsDeterministicForEqualSpecs() {
    assertThat(rich().toJson()).isEqualTo(rich().toJson());
    Iterator<String> fields = root.fieldNames();
    List<String> top = new ArrayList<>();
    fields.forEachRemaining(top::add);
    assertThat(top)
        .containsExactly(
            "workflow", "version", "inputType", "outputType", "failurePolicy", "nodes", "output", "onFailure");
  }
}
