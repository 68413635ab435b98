package dev.sluice.core.internal.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compiling a join of many inputs: the work to find its distinct upstream nodes is linear in them. */
class WideJoinCompileTest {

  @Test
  void joinOfAThousandInputsFindsItsParentsInLinearWork() {
    int width = 1000;
    TaskSpec inc = TaskSpec.builder("inc").input("x", Long.class).output(Long.class).jvm((a, c) -> a[0]).build();
    TaskSpec.Builder join = TaskSpec.builder("join").output(Long.class).jvm((a, c) -> 0L);
    CompiledWorkflow.Draft draft = new CompiledWorkflow.Draft("wide", Long.class);
    List<Binding> in = new ArrayList<>();
    for (int k = 0; k < width; k++) {
      draft.nodes.add(new TaskNode("inc" + k, inc, List.of(Binding.INPUT)));
      join.input("in" + k, Long.class);
      in.add(Binding.output("inc" + k));
    }
    // the same upstream node bound twice more counts once
    join.input("again0", Long.class).input("again1", Long.class);
    in.add(Binding.output("inc0"));
    in.add(Binding.output("inc" + (width - 1)));
    draft.nodes.add(new TaskNode("join", join.build(), in));
    draft.output = Binding.output("join");
    draft.outputType = Long.class;

    Validator v = new Validator(draft);
    v.validate();
    CompiledWorkflow compiled = new CompiledWorkflow(draft, v);

    assertThat(compiled.parentCountArray()[compiled.indexOf("join")]).isEqualTo(width);
    assertThat(compiled.upstream("join")).hasSize(width).contains("inc0", "inc999");
    // before: every binding was compared with every distinct one before it, ~width²/2 = 500,000
    assertThat(v.parentChecks).isLessThanOrEqualTo(2L * (width + 2));
  }
}
