package dev.sluice.examples;

import static dev.sluice.testing.SluiceAssertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import dev.sluice.testing.SluiceExtension;
import dev.sluice.testing.mock.TaskMocks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension registered in code, as docs/testing.md shows it, with a stand-in executor. */
class ExtensionOptionsTest {
  @RegisterExtension
  static final SluiceExtension sluice = SluiceExtension.builder()
      .strict().allow("split", "evaluate")
      .executor("k8s", MyStandIn::new)        // a fresh executor per test, for .executor("k8s") tasks
      .closeTimeout(Duration.ofSeconds(5))    // how long engine threads may take to end (default 10 s)
      .build();

  static final Task1<Integer, Integer> onCluster = Task.named("on-cluster").executor("k8s").of(x -> x + 1);
  static final Workflow<Integer, Integer> REMOTE =
      Workflow.named("remote", Integer.class, (wf, n) -> wf.call(onCluster, n));

  /** A stand-in for a cluster executor: runs JVM bodies on the calling thread and says which ran. */
  static final class MyStandIn implements TaskExecutor {
    static final List<String> started = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Object> start(Attempt attempt) {
      started.add(attempt.nodePath());
      try {
        return CompletableFuture.completedFuture(
            ((TaskBody.Jvm) attempt.task().body()).invoker().invoke(attempt.inputs(), attempt));
      } catch (Exception e) {
        return CompletableFuture.failedFuture(e);
      }
    }
  }

  @Test
  void aClusterTaskAllowedInStrictModeRunsOnTheStandIn(Engine engine, TaskMocks mocks) {
    mocks.allow(onCluster);

    assertThat(engine.run(REMOTE, 1)).succeeded().hasOutput(2);
    assertThat(MyStandIn.started).contains("on-cluster");
  }
}
