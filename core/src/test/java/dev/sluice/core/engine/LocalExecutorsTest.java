package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.model.Placement;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A named local executor runs JVM bodies on its own threads. */
class LocalExecutorsTest {

  @Test
  void aNamedLocalExecutorRunsBodiesOnItsOwnThreads() throws Exception {
    TaskSpec where = TaskSpec.builder("where").input("x", Long.class).output(String.class)
        .jvm((args, ctx) -> Thread.currentThread().getName())
        .placement(new Placement("gpu", null, Map.of(), List.of(), Map.of())).build();
    WorkflowSpec spec = Dag.named("threads").call("a", where, Dag.INPUT).returning("a", String.class);
    try (Engine engine = Engine.builder().executor("gpu", LocalExecutors.withThreads("gpu", 1, 1)).build()) {
      assertThat(engine.run(spec, 1L, RunOptions.DEFAULT).await(Duration.ofSeconds(10))).isEqualTo("sluice-gpu-1");
    }
  }

  @Test
  void badSizesAreRefusedNamingTheExecutor() {
    assertThatThrownBy(() -> LocalExecutors.withThreads("gpu", 0, 0)).hasMessageContaining("'gpu'")
        .hasMessageContaining("at least 1 thread");
    assertThatThrownBy(() -> LocalExecutors.withThreads("gpu", 1, -1)).hasMessageContaining("maxInFlight");
  }
}
