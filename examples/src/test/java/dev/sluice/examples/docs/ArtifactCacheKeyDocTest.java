package dev.sluice.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.artifact.FileRef;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.NodeStatus;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What docs/artifacts.md says of an artifact input's cache key: its file name and content hash, not
 * where the file is. The same bytes under the same name in another folder are a hit; under another
 * name (a fresh temporary file, whose name is random) they are a miss.
 */
class ArtifactCacheKeyDocTest {
  /** Writes the same bytes to a new folder, under the file name given ("" for a temporary file). */
  static final Task1<String, FileRef> write =
      Task.named("write").of(name -> {
        Path dir = Files.createTempDirectory("sluice-doc-");
        Path file = name.isEmpty() ? Files.createTempFile(dir, "data", ".csv") : dir.resolve(name);
        Files.writeString(file, "a,b\n1,2\n");
        return FileRef.of(file);
      });
  static final Task1<FileRef, Long> size = Task.named("size").cache("v1").of(FileRef::size);
  static final Workflow<String, Long> SIZE =
      Workflow.named("artifact-size", String.class, (wf, name) -> wf.call(size, wf.call(write, name)));

  static NodeState sizeNode(Engine engine, String fileName) throws Exception {
    RunHandle<Long> run = engine.run(SIZE, fileName);
    assertThat(run.await(Duration.ofSeconds(30))).isEqualTo(8L);
    return run.status().node("size").map(NodeStatus::state).orElseThrow();
  }

  @Test
  void theSameDataInAnotherTemporaryFileIsACacheMissButUnderTheSameNameAHit(@TempDir Path work) throws Exception {
    try (Engine engine = Engine.builder().workDirectory(work).build()) {
      assertThat(sizeNode(engine, "data.csv")).isEqualTo(NodeState.SUCCEEDED);
      assertThat(sizeNode(engine, "data.csv")).as("same name and bytes, another folder").isEqualTo(NodeState.CACHED);
      assertThat(sizeNode(engine, "other.csv")).as("same bytes, another name").isEqualTo(NodeState.SUCCEEDED);
      assertThat(sizeNode(engine, "")).as("same bytes, a fresh temporary file").isEqualTo(NodeState.SUCCEEDED);
    }
  }
}
