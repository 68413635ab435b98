package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void chain() {
    TaskSpec inc = TaskSpec.builder("inc").input("x", Long.class).output(Long.class).jvm((a, c) -> (Long) a[0] + 1).build();
    WorkflowSpec.Builder b = WorkflowSpec.builder("chain", Long.class);
    Binding prev = Binding.INPUT;
    for (int i = 0; i < 100_000; i++) {
      b.node(new TaskNode("n" + i, inc, List.of(prev)));
      prev = Binding.output("n" + i);
    }
    WorkflowSpec spec = b.output(prev, Long.class).build();
    try (Engine engine = Engine.local()) {
      for (int rep = 0; rep < 30; rep++) {
      long t0 = System.nanoTime();
      RunHandle<Object> h = engine.run(spec, 0L, RunOptions.DEFAULT);
      try { h.await(java.time.Duration.ofSeconds(20)); } catch (Exception e) { h.status().nodes().stream().filter(n -> n.state() != NodeState.SUCCEEDED).limit(5).forEach(System.out::println); throw new RuntimeException(e); }
      Object out = h.await();
      System.out.println("100k chain " + (System.nanoTime() - t0) / 1e6 + " ms");
      assertThat(out).isEqualTo(100_000L);
      }
    }
  }
}
