package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.MoreExecutors;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The pool a user gives the engine for JVM tasks ({@link Engine.Builder#taskPool}). */
class TaskPoolTest {

  /**
   * A direct executor used to be taken: a chain of 1,000 tasks then recursed once per task on the
   * calling thread, overflowed the stack after ~380 tasks and the run hung (the error was lost)
   * until its await timed out. It is refused when the engine is built, with what to use instead.
   */
  @Test
  void aDirectTaskPoolIsRefusedInsteadOfHangingTheRunOfALongChain() {
    assertThatThrownBy(() -> Engine.builder().taskPool(MoreExecutors.newDirectExecutorService()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runs tasks on the thread that submits them")
        .hasMessageContaining("Executors.newSingleThreadExecutor()");
  }

  @Test
  void aShutDownTaskPoolIsRefused() {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    pool.shutdown();
    assertThatThrownBy(() -> Engine.builder().taskPool(pool))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refuses work");
  }

  @Test
  void aOneThreadPoolRunsALongChainToTheEnd() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Engine engine = Engine.builder().taskPool(pool).build()) {
      assertThat(engine.run(chain(1_000), 0L, RunOptions.DEFAULT).await(Duration.ofSeconds(30))).isEqualTo(1_000L);
    } finally {
      pool.shutdownNow();
    }
  }

  private static WorkflowSpec chain(int length) {
    TaskSpec inc =
        TaskSpec.builder("inc").input("x", Long.class).output(Long.class).jvm((args, ctx) -> (Long) args[0] + 1).build();
    WorkflowSpec.Builder wf = WorkflowSpec.builder("chain", Long.class);
    String previous = null;
    for (int i = 0; i < length; i++) {
      String id = "n" + i;
      wf.node(new TaskNode(id, inc, List.of(previous == null ? Binding.INPUT : Binding.output(previous))));
      previous = id;
    }
    return wf.output(Binding.output(previous), Long.class).build();
  }
}
