package dev.sluice.core.internal.model;

import static dev.sluice.core.model.ModelFixtures.call;
import static dev.sluice.core.model.ModelFixtures.ref;
import static dev.sluice.core.model.ModelFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.BranchCase;
import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.Condition;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Topological order, the id-based index and the engine's int-array view of a compiled spec. */
class CompiledWorkflowTest {
  private static final TaskSpec ONE = task("one", Long.class, Long.class);
  private static final TaskSpec TWO = task("two", Long.class, Long.class, Long.class);
  private static final TaskSpec THREE = task("three", Long.class, Long.class, Long.class, Long.class);

  private static List<String> ids(WorkflowSpec spec) {
    List<String> ids = new ArrayList<>();
    for (NodeSpec n : spec.nodes()) {
      ids.add(n.id());
    }
    return ids;
  }

  /** Every node comes after every node it reads. */
  private static void assertTopological(WorkflowSpec spec) {
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < spec.nodes().size(); i++) {
      position.put(spec.nodes().get(i).id(), i);
    }
    for (NodeSpec n : spec.nodes()) {
      for (String up : spec.upstream(n.id())) {
        assertThat(position.get(up)).as("%s before %s", up, n.id()).isLessThan(position.get(n.id()));
      }
    }
  }

  private static WorkflowSpec diamondOutOfOrder() {
    return WorkflowSpec.builder("diamond", Long.class)
        .node(call("d", TWO, ref("b"), ref("c")))
        .node(call("c", ONE, ref("a")))
        .node(call("b", ONE, ref("a")))
        .node(call("a", ONE, Binding.INPUT))
        .output(ref("d"), Long.class)
        .build();
  }

  @Test
  void nodesOutOfOrderAreReorderedByKahn() {
    WorkflowSpec spec = diamondOutOfOrder();

    // a has no upstream; its children are queued in the order they were given (c, then b).
    assertThat(ids(spec)).containsExactly("a", "c", "b", "d");
    assertTopological(spec);
  }

  @Test
  void reorderedIndexArraysPointAtTheNewPositions() {
    CompiledWorkflow spec = (CompiledWorkflow) diamondOutOfOrder();
    int a = spec.indexOf("a");
    int b = spec.indexOf("b");
    int c = spec.indexOf("c");
    int d = spec.indexOf("d");

    assertThat(new int[] {a, c, b, d}).containsExactly(0, 1, 2, 3);
    assertThat(spec.sources(d)).containsExactly(b, c);
    assertThat(spec.sources(b)).containsExactly(a);
    assertThat(spec.sources(a)).containsExactly(CompiledWorkflow.SOURCE_INPUT);
    assertThat(spec.parentCountArray()).containsExactly(0, 1, 1, 2);
    assertThat(spec.children(a)).containsExactlyInAnyOrder(b, c);
    assertThat(spec.children(d)).isEmpty();
    assertThat(spec.outputSource()).isEqualTo(d);
    assertThat(spec.nodeAt(d).id()).isEqualTo("d");
    assertThat(spec.size()).isEqualTo(4);
  }

  @Test
  void aTopologicalOrderIsKeptAsGiven() {
    WorkflowSpec spec =
        WorkflowSpec.builder("kept", Long.class)
            .node(call("z", ONE, Binding.INPUT))
            .node(call("y", ONE, Binding.INPUT))
            .node(call("x", TWO, ref("y"), ref("z")))
            .node(call("w", ONE, ref("z")))
            .output(ref("x"), Long.class)
            .build();

    assertThat(ids(spec)).containsExactly("z", "y", "x", "w");
  }

  @Test
  void upstreamIsInBindingOrderWithoutRepeatsAndDownstreamListsEachReaderOnce() {
    WorkflowSpec spec =
        WorkflowSpec.builder("wf", Long.class)
            .node(call("b", ONE, Binding.INPUT))
            .node(call("c", ONE, Binding.INPUT))
            .node(call("twice", TWO, ref("b"), ref("b")))
            .node(call("mix", THREE, ref("c"), ref("b"), ref("c")))
            .node(call("lit", TWO, Binding.literal(1L, Long.class), Binding.INPUT))
            .output(ref("mix"), Long.class)
            .build();

    assertThat(spec.upstream("twice")).containsExactly("b");
    assertThat(spec.upstream("mix")).containsExactly("c", "b");
    assertThat(spec.upstream("b")).isEmpty();
    assertThat(spec.upstream("lit")).isEmpty();
    assertThat(spec.downstream("b")).containsExactly("twice", "mix");
    assertThat(spec.downstream("c")).containsExactly("mix");
    assertThat(spec.downstream("mix")).isEmpty();
    assertThat(((CompiledWorkflow) spec).sources(spec.nodes().indexOf(spec.node("mix").orElseThrow())))
        .containsExactly(1, 0, 1);
  }

  @Test
  void branchArmBindingsAreUpstreamOfTheBranch() {
    WorkflowSpec spec =
        WorkflowSpec.builder("wf", Long.class)
            .node(
                new BranchNode(
                    "br",
                    List.of(
                        new BranchCase(ref("score"), new Condition("big", v -> true), call("hi", ONE, ref("x")))),
                    Optional.of(call("lo", ONE, ref("x"))),
                    Long.class))
            .node(call("x", ONE, Binding.INPUT))
            .node(call("score", ONE, Binding.INPUT))
            .output(ref("br"), Long.class)
            .build();

    assertThat(ids(spec)).containsExactly("x", "score", "br");
    assertThat(spec.upstream("br")).containsExactly("score", "x");
    assertThat(spec.node("hi")).as("arms are not nodes of the workflow").isEmpty();
  }

  @Test
  void nodeByIdAndUnknownIds() {
    WorkflowSpec spec = diamondOutOfOrder();

    assertThat(spec.node("b")).map(NodeSpec::id).contains("b");
    assertThat(spec.node("b").orElseThrow().bindings()).containsExactly(ref("a"));
    assertThat(spec.node("zzz")).isEmpty();
    assertThatThrownBy(() -> spec.upstream("zzz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("workflow 'diamond' has no node 'zzz'; its nodes are [")
        .hasMessageContainingAll("a", "b", "c", "d");
    assertThatThrownBy(() -> spec.downstream("zzz"))
        .hasMessageStartingWith("workflow 'diamond' has no node 'zzz'");
  }

  @Test
  void nodesListIsImmutable() {
    WorkflowSpec spec = diamondOutOfOrder();

    assertThatThrownBy(() -> spec.nodes().remove(0)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(spec.toString()).isEqualTo("WorkflowSpec[diamond v1, 4 nodes]");
  }

  private static final int CHAIN = 100_000;

  @Test
  void a100kNodeChainCompilesWithoutDeepRecursion() {
    WorkflowSpec.Builder b = WorkflowSpec.builder("chain", Long.class);
    b.node(call("n0", ONE, Binding.INPUT));
    for (int i = 1; i < CHAIN; i++) {
      b.node(call("n" + i, ONE, ref("n" + (i - 1))));
    }
    WorkflowSpec spec = b.output(ref("n" + (CHAIN - 1)), Long.class).build();

    assertThat(spec.nodes()).hasSize(CHAIN);
    assertThat(spec.nodes().get(0).id()).isEqualTo("n0");
    assertThat(spec.nodes().get(CHAIN - 1).id()).isEqualTo("n99999");
    assertThat(spec.upstream("n99999")).containsExactly("n99998");
    assertThat(spec.downstream("n0")).containsExactly("n1");
  }

  @Test
  void a100kNodeChainGivenInReverseIsSortedByKahn() {
    WorkflowSpec.Builder b = WorkflowSpec.builder("chain", Long.class);
    for (int i = CHAIN - 1; i >= 1; i--) {
      b.node(call("n" + i, ONE, ref("n" + (i - 1))));
    }
    b.node(call("n0", ONE, Binding.INPUT));
    CompiledWorkflow spec = (CompiledWorkflow) b.output(ref("n" + (CHAIN - 1)), Long.class).build();

    assertThat(spec.nodes().get(0).id()).isEqualTo("n0");
    assertThat(spec.nodes().get(CHAIN - 1).id()).isEqualTo("n99999");
    assertThat(spec.nodes().get(50_000).id()).isEqualTo("n50000");
    assertThat(spec.indexOf("n99999")).isEqualTo(CHAIN - 1);
    assertThat(spec.sources(CHAIN - 1)).containsExactly(CHAIN - 2);
    assertThat(spec.outputSource()).isEqualTo(CHAIN - 1);
    assertThat(spec.upstream("n1")).containsExactly("n0");
  }

  @Test
  void literalBindingsResolveToTheirValues() {
    CompiledWorkflow spec =
        (CompiledWorkflow)
            WorkflowSpec.builder("wf", Long.class)
                .node(call("b", TWO, ref("a"), Binding.literal(7L, Long.class)))
                .node(call("a", TWO, Binding.literal(5L, Long.class), Binding.INPUT))
                .output(ref("b"), Long.class)
                .build();
    Object[] results = {100L, 200L};

    int[] a = spec.sources(spec.indexOf("a"));
    int[] b = spec.sources(spec.indexOf("b"));
    assertThat(spec.resolve(a[0], 1L, results)).isEqualTo(5L);
    assertThat(spec.resolve(a[1], 1L, results)).isEqualTo(1L);
    assertThat(spec.resolve(b[0], 1L, results)).isEqualTo(100L);
    assertThat(spec.resolve(b[1], 1L, results)).isEqualTo(7L);
  }

  @Test
  void aLiteralOutputResolvesToItsValue() {
    CompiledWorkflow spec =
        (CompiledWorkflow)
            WorkflowSpec.builder("wf", Long.class)
                .node(call("a", TWO, Binding.literal(5L, Long.class), Binding.INPUT))
                .output(Binding.literal(42L, Long.class), Long.class)
                .build();

    assertThat(spec.resolve(spec.outputSource(), 1L, new Object[] {9L})).isEqualTo(42L);
  }

  @Test
  void theInputAsOutputResolvesToTheInput() {
    CompiledWorkflow spec =
        (CompiledWorkflow) WorkflowSpec.builder("wf", Long.class).output(Binding.INPUT, Long.class).build();

    assertThat(spec.outputSource()).isEqualTo(CompiledWorkflow.SOURCE_INPUT);
    assertThat(spec.resolve(spec.outputSource(), 3L, new Object[0])).isEqualTo(3L);
    assertThat(spec.nodes()).isEmpty();
  }
}
