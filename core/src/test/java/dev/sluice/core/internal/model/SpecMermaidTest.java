package dev.sluice.core.internal.model;

import static dev.sluice.core.model.ModelFixtures.call;
import static dev.sluice.core.model.ModelFixtures.ref;
import static dev.sluice.core.model.ModelFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.BranchCase;
import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.Condition;
import dev.sluice.core.model.DynamicNode;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link WorkflowSpec#toMermaid()}: shapes, one edge per dependency, escaping. */
class SpecMermaidTest {
  private static final TaskSpec ONE = task("one", Long.class, Long.class);
  private static final TaskSpec TWO = task("two", Long.class, Long.class, Long.class);

  private static long edges(String mermaid) {
    return mermaid.lines().filter(l -> l.contains("-->")).count();
  }

  @Test
  void smallDiamondExactly() {
    WorkflowSpec spec =
        WorkflowSpec.builder("wf", Long.class)
            .node(call("one", ONE, Binding.INPUT))
            .node(call("left", ONE, ref("one")))
            .node(call("right", TWO, ref("one"), Binding.INPUT))
            .node(call("join", TWO, ref("left"), ref("right")))
            .output(ref("join"), Long.class)
            .build();

    assertThat(spec.toMermaid())
        .isEqualTo(
            "flowchart TD\n"
                + "  input([\"input: Long\"])\n"
                + "  n0[\"one\"]\n"
                + "  input --> n0\n"
                + "  n1[\"left<br/>one\"]\n"
                + "  n2[\"right<br/>two\"]\n"
                + "  input --> n2\n"
                + "  n3[\"join<br/>two\"]\n"
                + "  n0 --> n1\n"
                + "  n0 --> n2\n"
                + "  n1 --> n3\n"
                + "  n2 --> n3\n"
                + "  output([\"output: Long\"])\n"
                + "  n3 --> output\n");
  }

  @Test
  void oneEdgePerDistinctDependencyPlusInputAndOutputEdges() {
    WorkflowSpec spec =
        WorkflowSpec.builder("wf", Long.class)
            .node(call("c", TWO, ref("a"), ref("a"))) // one edge a --> c, not two
            .node(call("a", ONE, Binding.INPUT))
            .node(call("b", TWO, Binding.INPUT, Binding.INPUT)) // one input edge
            .node(call("d", TWO, ref("b"), ref("c")))
            .node(call("lit", ONE, Binding.literal(1L, Long.class))) // no edge at all
            .output(ref("d"), Long.class)
            .build();
    String mermaid = spec.toMermaid();

    int dependencies = 0;
    for (var n : spec.nodes()) {
      dependencies += spec.upstream(n.id()).size();
    }
    assertThat(dependencies).isEqualTo(3);
    assertThat(edges(mermaid)).isEqualTo(dependencies + 2 /* input --> a, b */ + 1 /* --> output */);
    assertThat(mermaid).startsWith("flowchart TD\n");
    assertThat(mermaid.lines().filter(l -> l.startsWith("  input --> "))).hasSize(2);
    assertThat(mermaid).endsWith("  n4 --> output\n");
  }

  @Test
  void outputReadingTheInputDirectly() {
    String mermaid = WorkflowSpec.builder("wf", Long.class).output(Binding.INPUT, Long.class).build().toMermaid();

    assertThat(mermaid)
        .isEqualTo(
            "flowchart TD\n"
                + "  input([\"input: Long\"])\n"
                + "  output([\"output: Long\"])\n"
                + "  input --> output\n");
  }

  @Test
  void aLiteralOutputIsNotDrawnAsComingFromTheInput() {
    String mermaid =
        WorkflowSpec.builder("wf", Long.class)
            .output(Binding.literal(1L, Long.class), Long.class)
            .build()
            .toMermaid();

    assertThat(mermaid).doesNotContain("input --> output");
    assertThat(edges(mermaid)).isZero();
    assertThat(mermaid).contains("  output([\"output: Long\"])\n");
  }

  @Test
  void shapesPerKind() {
    WorkflowSpec inner =
        WorkflowSpec.builder("inner", Long.class).node(call("x", ONE, Binding.INPUT)).output(ref("x"), Long.class).build();
    WorkflowSpec spec =
        WorkflowSpec.builder("wf", Types.listOf(Long.class))
            .node(new MapNode("fan", ONE, Binding.INPUT, 0, 1))
            .node(new SubWorkflowNode("sub", inner, Binding.literal(2L, Long.class)))
            .node(
                new BranchNode(
                    "br",
                    List.of(new BranchCase(ref("sub"), new Condition("big", v -> true), call("hi", ONE, ref("sub")))),
                    Optional.of(call("lo", ONE, ref("sub"))),
                    Long.class))
            .node(new DynamicNode("dyn", List.of(ref("br")), Long.class, in -> null))
            .output(ref("dyn"), Long.class)
            .build();

    assertThat(spec.toMermaid().lines())
        .contains(
            "  n0[/\"fan<br/>map one\"/]",
            "  n1[[\"sub<br/>workflow inner\"]]",
            "  n2{\"br<br/>big → hi<br/>else → lo\"}",
            "  n3{{\"dyn<br/>dynamic\"}}",
            "  input --> n0",
            "  n1 --> n2",
            "  n2 --> n3",
            "  n3 --> output");
  }

  @Test
  void quotesAndAngleBracketsAreEscaped() {
    WorkflowSpec spec =
        WorkflowSpec.builder("wf", Types.listOf(Double.class))
            .node(
                new BranchNode(
                    "br",
                    List.of(
                        new BranchCase(
                            Binding.INPUT,
                            new Condition("size(\"rows\") < 10 && x > 2", v -> true),
                            call("hi", task("count", Long.class, List.class), Binding.INPUT))),
                    Optional.empty(),
                    Long.class))
            .output(ref("br"), Long.class)
            .build();
    String mermaid = spec.toMermaid();

    assertThat(mermaid).contains("  input([\"input: List#lt;Double#gt;\"])");
    assertThat(mermaid).contains("size(#quot;rows#quot;) #lt; 10 && x #gt; 2 → hi");
    String withoutBreaks = mermaid.replace("<br/>", "");
    assertThat(withoutBreaks).doesNotContain("<").doesNotContain("size(\"");
    assertThat(withoutBreaks.replace("-->", "")).doesNotContain(">");
  }
}
