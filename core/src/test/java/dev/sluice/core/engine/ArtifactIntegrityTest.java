package dev.sluice.core.engine;

import static dev.sluice.core.engine.Journaled.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.artifact.Blobs;
import dev.sluice.core.artifact.FileRef;
import dev.sluice.core.io.TaskIo;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artifacts read back from the store are checked against their address. */
class ArtifactIntegrityTest {
  @TempDir Path dir;
  private final AtomicInteger writes = new AtomicInteger();

  private static String text(FileRef f) throws IOException {
    try (InputStream in = f.open()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A cached task that writes "hello <n>" to a file. */
  private TaskSpec writer() {
    return TaskSpec.builder("write").input("in0", Long.class).output(FileRef.class)
        .cache(CachePolicy.builder().version("v1").build())
        .jvm((a, c) -> {
          writes.incrementAndGet();
          return FileRef.of(Files.writeString(dir.resolve("out-" + writes.get() + ".txt"), "hello " + a[0]));
        }).build();
  }

  @Test
  void aCachedFileWhoseBlobWasCorruptedIsAMissItsEntryDroppedAndItsBlobRepaired() throws Exception {
    ArtifactStore store = ArtifactStores.filesystem(dir.resolve("store"));
    WorkflowSpec wf = Dag.named("cached").call("write", writer(), Dag.INPUT).returning("write", FileRef.class);
    try (Engine engine = Engine.builder().store(store).workDirectory(dir.resolve("work")).build()) {
      FileRef first = (FileRef) engine.run(wf, 1L, RunOptions.DEFAULT).await(WAIT);
      Path blob = dir.resolve("store").resolve(Blobs.key(first.sha256()));
      Files.writeString(blob, "hellO 1"); // same size, one byte flipped, behind the store's back

      RunHandle<Object> again = engine.run(wf, 1L, RunOptions.DEFAULT);
      FileRef second = (FileRef) again.await(WAIT);

      assertThat(again.status().node("write").orElseThrow().state()).isEqualTo(NodeState.SUCCEEDED);
      assertThat(writes).hasValue(2);
      assertThat(second.sha256()).isEqualTo(first.sha256());
      assertThat(Files.readString(blob)).isEqualTo("hello 1"); // the blob holds its content again
      RunHandle<Object> third = engine.run(wf, 1L, RunOptions.DEFAULT);
      assertThat(text((FileRef) third.await(WAIT))).isEqualTo("hello 1");
      assertThat(third.status().node("write").orElseThrow().state()).isEqualTo(NodeState.CACHED);
    }
    assertThat(writes).hasValue(2);
  }

  @Test
  void fileRefOpenChecksTheContentAgainstItsAddress() throws Exception {
    ArtifactStore store = ArtifactStores.inMemory();
    TaskSpec task = TaskSpec.builder("t").output(FileRef.class).jvm((a, c) -> null).build();
    TaskIo io = TaskIo.builder().artifactDirectory(dir.resolve("artifacts")).build();
    io.writeOutput(store, "out.json", task, FileRef.of(Files.writeString(dir.resolve("a.txt"), "the real content")));
    FileRef read = (FileRef) io.readOutput(store, "out.json", task);
    store.put(Blobs.key(read.sha256()), "the fake content".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> text(read))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("corrupt")
        .hasMessageContaining(read.sha256());
    assertThatThrownBy(read::path).hasMessageContaining("corrupt");
  }

  @Test
  void aDeletedJournaledBlobSaysTheOutputCannotBeReadBackAndToRecover() throws Exception {
    Journaled j = new Journaled(dir);
    TaskSpec write = TaskSpec.builder("write").input("in0", Long.class).output(FileRef.class)
        .jvm((a, c) -> FileRef.of(Files.writeString(dir.resolve("w.txt"), "journaled " + a[0]))).build();
    TaskSpec read = TaskSpec.builder("read").input("in0", FileRef.class).output(String.class)
        .jvm((a, c) -> {
          if (!j.gate.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate never opened");
          }
          return text((FileRef) a[0]);
        }).build();
    WorkflowSpec wf = Dag.named("journaled-file").call("write", write, Dag.INPUT).call("read", read, "write")
        .returning("read", String.class);
    String runId;
    String sha256;
    try (Engine first = j.engine("first", b -> b)) {
      RunHandle<Object> run = first.run(wf, 1L, RunOptions.DEFAULT);
      runId = run.runId();
      Journaled.await("write journaled, read running",
          () -> j.journaled(runId, "write", NodeState.SUCCEEDED) && j.journaled(runId, "read", NodeState.RUNNING));
      sha256 = FileRef.of(dir.resolve("w.txt")).sha256();
    }
    assertThat(j.store.delete(Blobs.key(sha256))).isTrue();
    j.gate.countDown();
    try (Engine second = j.engine("second", b -> b.workflow(wf))) {
      RunHandle<Object> resumed = second.resume(runId);
      assertThatThrownBy(() -> resumed.await(WAIT))
          .isInstanceOf(RunFailedException.class)
          .hasMessageContaining("node 'write'")
          .hasMessageContaining("journaled output cannot be read back")
          .hasMessageContaining(sha256)
          .hasMessageContaining("engine.recover");
    }
  }
}
