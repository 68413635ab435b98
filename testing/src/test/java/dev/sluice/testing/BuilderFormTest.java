package dev.sluice.testing;

import static dev.sluice.testing.SluiceAssertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.testing.mock.TaskMocks;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension registered in code: strict, with an allow list and a stand-in cluster executor. */
class BuilderFormTest {
  static final List<String> standInCalls = new CopyOnWriteArrayList<>();

  /** A stand-in for a "k8s" executor: answers in this JVM, remembering what it ran. */
  static TaskExecutor standIn() {
    return attempt -> {
      standInCalls.add(attempt.nodePath());
      return CompletableFuture.completedFuture((Integer) attempt.inputs()[0] * 100);
    };
  }

  @RegisterExtension
  static final SluiceExtension sluice =
      SluiceExtension.builder()
          .strict()
          .allow("describe", "on-cluster")
          .parallelism(2)
          .executor("k8s", BuilderFormTest::standIn)
          .build();

  @Test
  void allowedTasksRunForRealAndMockedOnesAnswer(Engine engine, TaskMocks mocks) {
    mocks.mock(Fixtures.twice).returns(3);

    assertThat(mocks.isStrict()).isTrue();
    assertThat(engine.run(Fixtures.CHAIN, 4)).succeeded().hasOutput("n=3");
  }

  @Test
  void aRegisteredStandInRunsTasksThatNameItsExecutor(Engine engine) {
    standInCalls.clear();

    assertThat(engine.run(Fixtures.CLUSTER, 2)).succeeded().hasOutput(200);
    assertThat(standInCalls).containsExactly("on-cluster");
  }

  @Test
  void aMockStillWinsOverTheStandIn(Engine engine, TaskMocks mocks) {
    standInCalls.clear();
    mocks.mock(Fixtures.onCluster).returns(-1);

    assertThat(engine.run(Fixtures.CLUSTER, 2)).succeeded().hasOutput(-1);
    assertThat(standInCalls).isEmpty();
  }
}
