package dev.sluice.core.model;

import static dev.sluice.core.model.ModelFixtures.call;
import static dev.sluice.core.model.ModelFixtures.invalid;
import static dev.sluice.core.model.ModelFixtures.ref;
import static dev.sluice.core.model.ModelFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every validation error of a hand-built spec: which workflow, node and input it names, what it
 * says and how it says to fix it.
 */
class WorkflowValidationTest {
  private static final TaskSpec SOURCE = task("source", Long.class, Long.class);
  private static final TaskSpec EMIT = task("emit", String.class, Long.class);
  private static final TaskSpec SQUARE =
      TaskSpec.builder("square").input("n", Long.class).output(Long.class).jvm(ModelFixtures.FIRST).build();
  private static final TaskSpec ADD =
      TaskSpec.builder("add")
          .input("a", Long.class)
          .input("b", Long.class)
          .output(Long.class)
          .jvm(ModelFixtures.FIRST)
          .build();

  private static SpecError error(String node, String input, String problem, String fix) {
    return new SpecError("wf", node, input, problem, fix);
  }

  @Test
  void bindingToMissingNodeNamesTheNodeAndTheMissingId() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(call("sq", SQUARE, ref("ghost")))
                .output(ref("sq"), Long.class));

    assertThat(e.errors())
        .containsExactly(
            error(
                "sq",
                null,
                "reads the output of node 'ghost', which is not in the workflow",
                "add that node to the workflow or bind another value"));
    assertThat(e.getMessage())
        .isEqualTo(
            "workflow 'wf', node 'sq': reads the output of node 'ghost', which is not in the"
                + " workflow. Fix: add that node to the workflow or bind another value");
  }

  @Test
  void typeMismatchSaysWhatTheInputExpectsAndWhatItIsBoundTo() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(call("emit", EMIT, Binding.INPUT))
                .node(call("sq", SQUARE, ref("emit")))
                .output(ref("sq"), Long.class));

    assertThat(e.errors())
        .containsExactly(
            error(
                "sq",
                "n",
                "expects Long but is bound to the output of node 'emit' of type String",
                "bind a value of type Long"));
    assertThat(e.getMessage())
        .startsWith("workflow 'wf', node 'sq', input 'n': expects Long")
        .contains("of type String")
        .endsWith("Fix: bind a value of type Long");
  }

  @Test
  void workflowInputOfTheWrongTypeIsReportedAsTheWorkflowInput() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", String.class)
                .node(call("sq", SQUARE, Binding.INPUT))
                .output(ref("sq"), Long.class));

    assertThat(e.errors())
        .extracting(SpecError::problem)
        .containsExactly("expects Long but is bound to the workflow input of type String");
  }

  @Test
  void wrongNumberOfBindingsListsTheTaskInputs() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(call("sum", ADD, Binding.INPUT))
                .output(ref("sum"), Long.class));

    assertThat(e.errors())
        .containsExactly(
            error(
                "sum",
                null,
                "task 'add' takes 2 input(s) [a, b] but 1 binding(s) were given",
                "bind exactly one value per task input, in order"));
  }

  @Test
  void duplicateNodeIdsNameTheIdAndBothKinds() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Types.listOf(Long.class))
                .node(new MapNode("x", SQUARE, Binding.INPUT, 0, 1))
                .node(call("x", SOURCE, Binding.literal(1L, Long.class)))
                .output(ref("x"), Types.listOf(Long.class)));

    assertThat(e.errors())
        .containsExactly(
            error("x", null, "two nodes have this id (a map and a task)", "give each node a unique id"));
  }

  @Test
  void nodeReadingItsOwnOutput() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(call("loop", ADD, Binding.INPUT, ref("loop")))
                .output(ref("loop"), Long.class));

    assertThat(e.errors())
        .containsExactly(error("loop", null, "the node reads its own output", "bind another value"));
  }

  @Test
  void cycleOfThreeNodesListsTheNodesOnTheCycle() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(call("a", SQUARE, ref("c")))
                .node(call("b", SQUARE, ref("a")))
                .node(call("c", SQUARE, ref("b")))
                .output(ref("c"), Long.class));

    assertThat(e.errors())
        .containsExactly(
            error(
                null,
                null,
                "the nodes [a, b, c] form a cycle (each waits, directly or not, for another)",
                "remove a binding so that no node depends on itself"));
    assertThat(e.getMessage()).startsWith("workflow 'wf': the nodes [a, b, c] form a cycle");
  }

  @Test
  void cycleMessageLeavesOutNodesThatOnlyDependOnTheCycle() {
    // 'start' is fine, 'after' is stuck only because it reads the cycle: neither is on it.
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(call("after", SQUARE, ref("c")))
                .node(call("start", SQUARE, Binding.INPUT))
                .node(call("a", ADD, ref("start"), ref("c")))
                .node(call("b", SQUARE, ref("a")))
                .node(call("c", SQUARE, ref("b")))
                .output(ref("after"), Long.class));

    assertThat(e.errors()).hasSize(1);
    assertThat(e.errors().get(0).problem()).startsWith("the nodes [a, b, c] form a cycle");
  }

  @Test
  void cycleIsReportedTogetherWithOtherProblems() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(call("a", SQUARE, ref("b")))
                .node(call("b", SQUARE, ref("a")))
                .node(call("bad", SQUARE, Binding.literal("x", String.class)))
                .output(ref("b"), Long.class));

    assertThat(e.errors())
        .extracting(SpecError::problem)
        .containsExactlyInAnyOrder(
            "expects Long but is bound to the literal x of type String",
            "the nodes [a, b] form a cycle (each waits, directly or not, for another)");
  }

  @Test
  void outputBoundToMissingNode() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(call("sq", SQUARE, Binding.INPUT))
                .output(ref("nope"), Long.class));

    assertThat(e.errors())
        .containsExactly(
            error(
                null,
                null,
                "the output reads node 'nope', which is not in the workflow",
                "return a value of a node of this workflow"));
  }

  @Test
  void outputTypeMismatch() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(call("emit", EMIT, Binding.INPUT))
                .output(ref("emit"), Long.class));

    assertThat(e.errors())
        .containsExactly(
            error(
                null,
                "output",
                "the workflow returns Long but its output is bound to the output of node 'emit' of"
                    + " type String",
                "return a value of type Long"));
    assertThat(e.getMessage()).startsWith("workflow 'wf', input 'output': the workflow returns Long");
  }

  @Test
  void missingOutput() {
    WorkflowValidationException e =
        invalid(WorkflowSpec.builder("wf", Long.class).node(call("sq", SQUARE, Binding.INPUT)));

    assertThat(e.errors())
        .containsExactly(
            error(null, null, "the workflow has no output", "return a value from the workflow definition"));
  }

  @Test
  void missingInputType() {
    WorkflowValidationException e =
        invalid(WorkflowSpec.builder("wf", null).output(Binding.literal(1L, Long.class), Long.class));

    assertThat(e.errors())
        .containsExactly(
            error(null, null, "the input type is missing", "pass the input class (Void.class for none)"));
  }

  @Test
  void mapOverANonList() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", String.class)
                .node(new MapNode("each", SQUARE, Binding.INPUT, 0, 1))
                .output(ref("each"), Types.listOf(Long.class)));

    assertThat(e.errors())
        .containsExactly(
            error(
                "each",
                "items",
                "expects a List but is bound to the workflow input of type String",
                "bind a List value"));
  }

  @Test
  void mapOfATwoInputTask() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Types.listOf(Long.class))
                .node(new MapNode("each", ADD, Binding.INPUT, 0, 1))
                .output(ref("each"), Types.listOf(Long.class)));

    assertThat(e.errors())
        .containsExactly(
            error(
                "each",
                null,
                "a map applies a one-input task, but task 'add' takes 2",
                "map a task with exactly one input (bind the others in a wrapper task)"));
  }

  @Test
  void mapElementTypeMismatchWithAParameterizedList() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Types.listOf(String.class))
                .node(new MapNode("each", SQUARE, Binding.INPUT, 0, 1))
                .output(ref("each"), Types.listOf(Long.class)));

    assertThat(e.errors())
        .containsExactly(
            error(
                "each",
                "items",
                "task 'square' takes Long but the list holds String",
                "map over a list of Long"));
  }

  @Test
  void mapOverAnErasedListIsAcceptedAndProducesAListOfTheTaskOutput() {
    WorkflowSpec spec =
        WorkflowSpec.builder("wf", List.class)
            .node(new MapNode("each", SQUARE, Binding.INPUT, 0, 1))
            .output(ref("each"), Types.listOf(Long.class))
            .build();

    assertThat(spec.node("each")).map(NodeSpec::kind).contains("map");
    assertThat(spec.node("each").orElseThrow().outputType()).isEqualTo(Types.listOf(Long.class));
  }

  @Test
  void mapNegativeConcurrencyAndRatioAboveOneAreBothReported() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Types.listOf(Long.class))
                .node(new MapNode("each", SQUARE, Binding.INPUT, -1, 1.5))
                .output(ref("each"), Types.listOf(Long.class)));

    assertThat(e.errors())
        .containsExactly(
            error("each", null, "concurrency is -1", "use 0 (no limit) or a positive limit"),
            error("each", null, "minSuccessRatio is 1.5", "use a ratio between 0 and 1"));
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.01, 1.0001, Double.NaN, Double.POSITIVE_INFINITY})
  void mapMinSuccessRatioOutsideZeroToOne(double ratio) {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Types.listOf(Long.class))
                .node(new MapNode("each", SQUARE, Binding.INPUT, 0, ratio))
                .output(ref("each"), Types.listOf(Long.class)));

    assertThat(e.errors())
        .containsExactly(error("each", null, "minSuccessRatio is " + ratio, "use a ratio between 0 and 1"));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 1})
  void mapMinSuccessRatioBoundsAreAccepted(double ratio) {
    WorkflowSpec spec =
        WorkflowSpec.builder("wf", Types.listOf(Long.class))
            .node(new MapNode("each", SQUARE, Binding.INPUT, 0, ratio))
            .output(ref("each"), Types.listOf(Long.class))
            .build();

    assertThat(((MapNode) spec.nodes().get(0)).minSuccessRatio()).isEqualTo(ratio);
  }

  private static BranchCase when(String description, NodeSpec then) {
    return new BranchCase(Binding.INPUT, new Condition(description, v -> true), then);
  }

  @Test
  void branchWithNoCase() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(
                    new BranchNode(
                        "br", List.of(), Optional.of(call("sq", SQUARE, Binding.INPUT)), Long.class))
                .output(ref("br"), Long.class));

    assertThat(e.errors())
        .containsExactly(error("br", null, "the branch has no case", "add at least one when(...) case"));
  }

  @Test
  void branchArmThatIsAMap() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Types.listOf(Long.class))
                .node(
                    new BranchNode(
                        "br",
                        List.of(when("always", new MapNode("each", SQUARE, Binding.INPUT, 0, 1))),
                        Optional.empty(),
                        Types.listOf(Long.class)))
                .output(ref("br"), Types.listOf(Long.class)));

    assertThat(e.errors())
        .containsExactly(
            error(
                "br/each",
                null,
                "a branch arm must be a task call, a workflow call or a gate, not a map",
                "wrap the map in a sub-workflow and call that"));
  }

  @Test
  void branchArmWithAnIncompatibleOutputType() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(
                    new BranchNode(
                        "br",
                        List.of(when("small", call("sq", SQUARE, Binding.INPUT))),
                        Optional.of(call("txt", EMIT, Binding.INPUT)),
                        Long.class))
                .output(ref("br"), Long.class));

    assertThat(e.errors())
        .containsExactly(
            error(
                "br/txt",
                null,
                "the arm produces String but the branch produces Long",
                "make every arm produce Long"));
  }

  @Test
  void branchArmCallsAreTypeChecked() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", String.class)
                .node(
                    new BranchNode(
                        "br",
                        List.of(when("always", call("sq", SQUARE, Binding.INPUT))),
                        Optional.empty(),
                        Long.class))
                .output(ref("br"), Long.class));

    assertThat(e.errors())
        .containsExactly(
            error(
                "br/sq",
                "n",
                "expects Long but is bound to the workflow input of type String",
                "bind a value of type Long"));
  }

  @Test
  void branchArmsWithTheSameId() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(
                    new BranchNode(
                        "br",
                        List.of(when("one", call("sq", SQUARE, Binding.INPUT))),
                        Optional.of(call("sq", SQUARE, Binding.INPUT)),
                        Long.class))
                .output(ref("br"), Long.class));

    assertThat(e.errors())
        .containsExactly(error("br", null, "two arms are named 'sq'", "give each arm a unique id"));
  }

  @Test
  void branchWithoutAnOutputType() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(
                    new BranchNode(
                        "br", List.of(when("one", call("sq", SQUARE, Binding.INPUT))), Optional.empty(), null))
                .output(Binding.INPUT, Long.class));

    assertThat(e.errors())
        .containsExactly(error("br", null, "the branch has no output type", "declare the output class"));
  }

  @Test
  void dynamicNodeWithoutAnOutputType() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(new DynamicNode("dyn", List.of(Binding.INPUT), null, inputs -> null))
                .output(Binding.INPUT, Long.class));

    assertThat(e.errors())
        .containsExactly(error("dyn", null, "the dynamic node has no output type", "declare the output class"));
  }

  @Test
  void subWorkflowInputIsTypeChecked() {
    WorkflowSpec inner =
        WorkflowSpec.builder("inner", Long.class)
            .node(call("sq", SQUARE, Binding.INPUT))
            .output(ref("sq"), Long.class)
            .build();

    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", String.class)
                .node(new SubWorkflowNode("sub", inner, Binding.INPUT))
                .output(ref("sub"), Long.class));

    assertThat(e.errors())
        .containsExactly(
            error(
                "sub",
                "input",
                "expects Long but is bound to the workflow input of type String",
                "bind a value of type Long"));
  }

  @Test
  void literalWhoseValueIsNotItsDeclaredType() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(call("sq", SQUARE, Binding.literal("ten", Long.class)))
                .output(ref("sq"), Long.class));

    assertThat(e.errors())
        .containsExactly(
            error(
                "sq",
                "n",
                "the literal ten is a String, not the declared Long",
                "declare the literal with its own type"));
  }

  @Test
  void literalOfAPrimitiveDeclaredTypeIsAccepted() {
    WorkflowSpec spec =
        WorkflowSpec.builder("wf", Long.class)
            .node(call("sq", SQUARE, Binding.literal(3L, long.class)))
            .output(ref("sq"), Long.class)
            .build();

    assertThat(spec.nodes().get(0).bindings()).containsExactly(Binding.literal(3L, long.class));
  }

  @Test
  void onFailureTaskMustTakeOneRunFailure() {
    TaskSpec alert = task("alert", Void.class, String.class);

    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(call("sq", SQUARE, Binding.INPUT))
                .output(ref("sq"), Long.class)
                .onFailure(alert));

    assertThat(e.errors())
        .containsExactly(
            error(
                null,
                null,
                "the on-failure task 'alert' must take exactly one RunFailure input",
                "declare the handler as a one-input task of RunFailure"));
  }

  @Test
  void onFailureTaskWithTwoInputsIsRejectedAndOneRunFailureIsAccepted() {
    TaskSpec two = task("alert", Void.class, RunFailure.class, RunFailure.class);
    TaskSpec one = task("alert", Void.class, RunFailure.class);

    assertThat(
            invalid(
                    WorkflowSpec.builder("wf", Long.class)
                        .output(Binding.INPUT, Long.class)
                        .onFailure(two))
                .errors())
        .extracting(SpecError::problem)
        .containsExactly("the on-failure task 'alert' must take exactly one RunFailure input");
    assertThat(
            WorkflowSpec.builder("wf", Long.class)
                .output(Binding.INPUT, Long.class)
                .onFailure(one)
                .build()
                .onFailure())
        .contains(one);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "bad name", "-leading", "a/b"})
  void invalidWorkflowName(String name) {
    WorkflowValidationException e =
        invalid(WorkflowSpec.builder(name, Long.class).output(Binding.INPUT, Long.class));

    assertThat(e.errors())
        .containsExactly(
            new SpecError(
                name,
                null,
                null,
                "the workflow name is not valid",
                "use 1 to 128 letters, digits, '-', '_' or '.', starting with a letter or digit"));
    assertThat(e.getMessage()).startsWith("workflow '" + name + "': the workflow name is not valid");
  }

  @Test
  void nullWorkflowNameIsReportedRatherThanThrowingNpe() {
    WorkflowValidationException e =
        invalid(WorkflowSpec.builder(null, Long.class).output(Binding.INPUT, Long.class));

    assertThat(e.errors()).extracting(SpecError::workflow).containsExactly("null");
  }

  @Test
  void severalProblemsAreAllReportedInOneException() {
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(call("emit", EMIT, Binding.INPUT))
                .node(call("sq", SQUARE, ref("emit"))) // 1: String into Long
                .node(call("ghosted", SQUARE, ref("ghost"))) // 2: missing node
                .node(call("sum", ADD, Binding.INPUT)) // 3: one binding for two inputs
                .node(call("sum", SQUARE, Binding.INPUT)) // 4: duplicate id
                .node(new MapNode("each", SQUARE, Binding.INPUT, -2, 1)) // 5: non-list, 6: concurrency
                .output(ref("emit"), Long.class) // 7: String output for a Long workflow
                .onFailure(task("alert", Void.class))); // 8: not a RunFailure handler

    assertThat(e.errors()).hasSize(8);
    assertThat(e.errors())
        .extracting(SpecError::node)
        .containsExactlyInAnyOrder("sum", "sq", "ghosted", "sum", "each", "each", null, null);
    assertThat(e.getMessage())
        .startsWith("workflow 'wf' is invalid (8 problems):\n  - ")
        .contains("node 'sq', input 'n': expects Long but is bound to the output of node 'emit'")
        .contains("reads the output of node 'ghost'")
        .contains("task 'add' takes 2 input(s) [a, b] but 1 binding(s) were given")
        .contains("two nodes have this id (a task and a task)")
        .contains("expects a List but is bound to the workflow input of type Long")
        .contains("concurrency is -2")
        .contains("the workflow returns Long but its output is bound to the output of node 'emit'")
        .contains("the on-failure task 'alert' must take exactly one RunFailure input");
    assertThat(e.getMessage().split("\n  - ", -1)).hasSize(9);
  }

  @Test
  void errorsListIsImmutable() {
    WorkflowValidationException e =
        invalid(WorkflowSpec.builder("wf", Long.class).output(ref("nope"), Long.class));

    assertThatThrownBy(() -> e.errors().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void specErrorMessageOmitsAbsentParts() {
    assertThat(new SpecError("w", null, null, "broken", null).message()).isEqualTo("workflow 'w': broken");
    assertThat(new SpecError("w", "n", "i", "broken", "mend it").toString())
        .isEqualTo("workflow 'w', node 'n', input 'i': broken. Fix: mend it");
  }

  @Test
  void nodeIdsAreCheckedWhenTheNodeIsCreated() {
    assertThatThrownBy(() -> call("a\"b", SQUARE, Binding.INPUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "node id 'a\"b' is not valid: use 1 to 128 letters, digits, '-', '_' or '.', starting with"
                + " a letter or digit");
    assertThatThrownBy(() -> new MapNode("<m>", SQUARE, Binding.INPUT, 0, 1))
        .hasMessageStartingWith("node id '<m>' is not valid");
  }

  @Test
  void literalsOfTheWrongTypeAreCaughtWhereverTheyAreBound() {
    BranchNode branch =
        new BranchNode(
            "br",
            List.of(
                new BranchCase(
                    Binding.literal("yes", Long.class),
                    new Condition("always", v -> true),
                    call("sq", SQUARE, Binding.INPUT))),
            Optional.empty(),
            Long.class);
    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(new MapNode("each", SQUARE, Binding.literal("1,2", Types.listOf(Long.class)), 0, 1))
                .node(branch)
                .output(Binding.literal("done", Long.class), Long.class));

    assertThat(e.errors())
        .extracting(SpecError::node, SpecError::input, SpecError::problem)
        .contains(
            org.assertj.core.groups.Tuple.tuple("each", "items", "the literal 1,2 is a String, not the declared List<Long>"),
            org.assertj.core.groups.Tuple.tuple("br", "subject of case 1", "the literal yes is a String, not the declared Long"),
            org.assertj.core.groups.Tuple.tuple(null, "output", "the literal done is a String, not the declared Long"));
  }
}
