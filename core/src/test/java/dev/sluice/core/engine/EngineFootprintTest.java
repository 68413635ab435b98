package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an engine costs that a run does not need: nothing made before it is used. */
class EngineFootprintTest {

  @TempDir Path work;

  @Test
  void anInMemoryRunMakesNoStoreFolder() throws TimeoutException {
    WorkflowSpec spec =
        Dag.named("plain").call("inc", Dag.task("inc", 1, (a, c) -> (Long) a[0] + 1), Dag.INPUT).returning("inc");
    try (Engine engine = Engine.builder().workDirectory(work).build()) {
      assertThat(engine.run(spec, 1L, RunOptions.DEFAULT).await(Duration.ofSeconds(10))).isEqualTo(2L);
      // before: the engine's filesystem store made <work>/store (and probed it) when it was built
      assertThat(work.resolve("store")).doesNotExist();
    }
    assertThat(work.resolve("store")).doesNotExist();
  }

  @Test
  void theStoreIsMadeWhenATaskFirstNeedsIt() throws Exception {
    WorkflowSpec spec =
        Dag.named("cached")
            .call("inc", Dag.task("inc", 1, (a, c) -> (Long) a[0] + 1, b -> b.cache(CachePolicy.version("1"))), Dag.INPUT)
            .returning("inc");
    try (Engine engine = Engine.builder().workDirectory(work).build()) {
      assertThat(engine.run(spec, 1L, RunOptions.DEFAULT).await(Duration.ofSeconds(10))).isEqualTo(2L);
      assertThat(work.resolve("store")).isDirectory();
      try (var files = Files.walk(work.resolve("store"))) {
        assertThat(files.filter(Files::isRegularFile).count()).isPositive();
      }
    }
  }

  @Test
  void aJoinOfAThousandInputsRuns() throws TimeoutException {
    int width = 1000;
    TaskSpec inc = Dag.task("inc", 1, (a, c) -> (Long) a[0] + 1);
    TaskSpec.Builder join = TaskSpec.builder("sum").output(Long.class).jvm((a, c) -> {
      long s = 0;
      for (Object v : a) {
        s += (Long) v;
      }
      return s;
    });
    WorkflowSpec.Builder b = WorkflowSpec.builder("wide", Long.class);
    List<Binding> in = new ArrayList<>();
    for (int k = 0; k < width; k++) {
      b.node(new TaskNode("inc" + k, inc, List.of(Binding.INPUT)));
      join.input("in" + k, Long.class);
      in.add(Binding.output("inc" + k));
    }
    b.node(new TaskNode("sum", join.build(), in));
    WorkflowSpec spec = b.output(Binding.output("sum"), Long.class).build();
    try (Engine engine = Engine.builder().workDirectory(work).parallelism(2).build()) {
      for (int run = 0; run < 3; run++) {
        assertThat(engine.run(spec, (long) run, RunOptions.DEFAULT).await(Duration.ofSeconds(30)))
            .isEqualTo(width * (run + 1L));
      }
    }
  }
}
