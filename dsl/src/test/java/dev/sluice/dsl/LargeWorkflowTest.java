package dev.sluice.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.WorkflowSpec;
import org.junit.jupiter.api.Test;

class LargeWorkflowTest {
  static final Task1<Integer, Integer> inc = Task.named("inc").of(x -> x + 1);

  static Workflow<Integer, Integer> chain(int n) {
    return Workflow.named(
        "chain-" + n,
        Integer.class,
        (wf, x) -> {
          Value<Integer> v = x;
          for (int i = 0; i < n; i++) {
            v = wf.call(inc, v);
          }
          return v;
        });
  }

  @Test
  void aHundredThousandNodeChainIsDefinedWithoutDeepRecursion() {
    WorkflowSpec spec = chain(100_000).spec();
    assertThat(spec.nodes()).hasSize(100_000);
    assertThat(spec.nodes().get(0).id()).isEqualTo("inc");
    assertThat(spec.nodes().get(99_999).id()).isEqualTo("inc-100000");
    assertThat(((TaskNode) spec.nodes().get(99_999)).inputs())
        .containsExactly(Binding.output("inc-99999"));
    assertThat(spec.output()).isEqualTo(Binding.output("inc-100000"));
  }
}
