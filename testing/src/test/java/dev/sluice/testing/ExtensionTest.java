package dev.sluice.testing;

import static dev.sluice.testing.SluiceAssertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import dev.sluice.testing.mock.TaskMocks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@SluiceTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionTest {
  static Engine previousEngine;
  static ArtifactStore previousStore;
  static Path previousDirectory;

  Engine beforeEachEngine;
  TaskMocks beforeEachMocks;

  @BeforeEach
  void setUp(Engine engine, TaskMocks mocks) {
    beforeEachEngine = engine;
    beforeEachMocks = mocks;
  }

  @Test
  @Order(1)
  void aTestGetsAnEngineThatRunsWorkflows(Engine engine, ArtifactStore store, @WorkDirectory Path dir) {
    assertThat(engine.run(Fixtures.CHAIN, 4)).succeeded().hasOutput("n=8");
    assertThat(engine.store()).as("the engine runs on the injected in-memory store").isSameAs(store);
    previousEngine = engine;
    previousStore = store;
    previousDirectory = dir;
  }

  @Test
  @Order(2)
  void theNextTestGetsItsOwnEngineStoreAndWorkDirectory(Engine engine, ArtifactStore store, @WorkDirectory Path dir) {
    assertThat(previousEngine).isNotNull().isNotSameAs(engine);
    assertThat(previousStore).isNotNull().isNotSameAs(store);
    assertThat(previousDirectory).doesNotExist();
    assertThat(dir).isNotEqualTo(previousDirectory);
  }

  @Test
  void theWorkDirectoryIsAFreshEmptyFolder(@WorkDirectory Path dir) {
    assertThat(dir).isDirectory().isEmptyDirectory();
    assertThat(dir.getFileName().toString()).startsWith("sluice-test-");
  }

  @Test
  void theStoreIsAnInMemoryStore(ArtifactStore store) {
    assertThat(store).hasSameClassAs(ArtifactStores.inMemory());
    store.put("probe.txt", "hello".getBytes(StandardCharsets.UTF_8));
    assertThat(store.get("probe.txt")).asString(StandardCharsets.UTF_8).isEqualTo("hello");
  }

  @Test
  void beforeEachMethodsReceiveTheTestsOwnEngineAndMocks(Engine engine, TaskMocks mocks) {
    assertThat(beforeEachEngine).isSameAs(engine);
    assertThat(beforeEachMocks).isSameAs(mocks);
  }

  @Test
  @SluiceTest(parallelism = 1)
  void parallelismBoundsTheTaskThreads(Engine engine, TaskMocks mocks) {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    mocks.mock(Fixtures.square).answers(x -> {
      threads.add(Thread.currentThread().getName());
      return x;
    });

    assertThat(engine.run(Fixtures.SQUARES, 20)).succeeded();
    assertThat(threads).hasSize(1);
  }

  @Test
  void withoutStrictModeUnmockedTasksRunForReal(Engine engine, TaskMocks mocks) {
    assertThat(mocks.isStrict()).isFalse();
    assertThat(engine.run(Fixtures.SIZE, 3)).succeeded().hasOutput("small 6");
  }

  @Test
  void commandTasksRunInTheWorkDirectory(Engine engine, @WorkDirectory Path dir) {
    Task1<Integer, Integer> answer =
        Task.named("answer").command("sh", "-c", "echo 41 > \"$SLUICE_OUTPUTS_URI\"").of(Integer.class, Integer.class);
    Workflow<Integer, Integer> wf = Workflow.named("answer-run", Integer.class, (w, n) -> w.call(answer, n));

    RunHandle<Integer> run = engine.run(wf, 1);

    assertThat(run).succeeded().hasOutput(41);
    assertThat(dir.resolve("runs").resolve(run.runId()).resolve("nodes").resolve("answer").resolve("1")).isDirectory();
  }
}
