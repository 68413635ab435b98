package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.artifact.Blobs;
import dev.sluice.core.artifact.DirRef;
import dev.sluice.core.artifact.FileRef;
import dev.sluice.core.io.TaskIo;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.Invoker;
import dev.sluice.core.model.Placement;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.AttemptStaging;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.core.store.ArtifactStores;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files and directories returned by tasks: uploaded once by content, read back anywhere. */
class ArtifactTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final CountingStore store = new CountingStore(ArtifactStores.inMemory());

  /** Files and an optional directory, nested in a record. */
  record Bundle(String label, List<FileRef> parts, Optional<DirRef> extra) {}

  private static TaskSpec task(String name, Type in, Type out, Invoker body) {
    return TaskSpec.builder(name).input("in0", in).output(out).jvm(body).build();
  }

  private static String text(FileRef f) throws IOException {
    try (InputStream in = f.open()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  /** {@code write} makes a file named after its input with fixed content; {@code read} reads it. */
  private WorkflowSpec writeThenRead(TaskSpec read) {
    TaskSpec writeFile = task("write", Long.class, FileRef.class,
        (a, c) -> FileRef.of(write("out-" + a[0] + ".txt", "hello artifacts")));
    return Dag.named("files").call("write", writeFile, Dag.INPUT).call("read", read, "write").returning("read", String.class);
  }

  @Test
  void aFileIsUploadedOnceByContentAndReadDownstream() throws Exception {
    TaskSpec read = task("read", FileRef.class, String.class, (a, c) -> {
      FileRef f = (FileRef) a[0];
      return text(f) + " from " + f.uri();
    });
    try (Engine engine = Engine.builder().store(store).build()) {
      String first = (String) engine.run(writeThenRead(read), 1L, RunOptions.DEFAULT).await(WAIT);
      String second = (String) engine.run(writeThenRead(read), 2L, RunOptions.DEFAULT).await(WAIT);

      String blob = Blobs.key(FileRef.of(dir.resolve("out-1.txt")).sha256());
      assertThat(first).isEqualTo("hello artifacts from " + store.uri(blob));
      assertThat(second).isEqualTo(first); // another file, same content: same blob
      assertThat(store.keys("blobs/")).containsExactly(blob);
      assertThat(store.puts(blob)).isEqualTo(1);
    }
  }

  @Test
  void aDirectoryIsAManifestOfContentAddressedFiles() throws Exception {
    TaskSpec export = task("export", Long.class, DirRef.class, (a, c) -> {
      write("model/weights.bin", "same");
      write("model/vocab/tokens.txt", "same");
      write("model/README", "other");
      return DirRef.of(dir.resolve("model"));
    });
    TaskSpec describe = task("describe", DirRef.class, String.class, (a, c) -> {
      DirRef d = (DirRef) a[0];
      return d.files().keySet() + " " + text(d.file("vocab/tokens.txt")) + " " + d.size();
    });
    WorkflowSpec spec = Dag.named("dirs").call("export", export, Dag.INPUT).call("describe", describe, "export")
        .returning("describe", String.class);
    try (Engine engine = Engine.builder().store(store).build()) {
      assertThat(engine.run(spec, 1L, RunOptions.DEFAULT).await(WAIT))
          .isEqualTo("[README, vocab/tokens.txt, weights.bin] same 13");
    }
    DirRef local = DirRef.of(dir.resolve("model"));
    assertThat(store.keys("blobs/"))
        .containsExactlyInAnyOrder(
            Blobs.key(local.sha256()),
            Blobs.key(local.file("weights.bin").sha256()),
            Blobs.key(local.file("README").sha256()));
  }

  @Test
  void artifactsNestedInRecordsSurviveAJsonRoundTripThroughTaskIo() throws Exception {
    write("tree/a.txt", "alpha");
    Bundle bundle = new Bundle(
        "b", List.of(FileRef.of(write("p1.csv", "1,2")), FileRef.of(write("p2.csv", "3,4"))),
        Optional.of(DirRef.of(dir.resolve("tree"))));
    TaskSpec spec = task("bundle", Long.class, Bundle.class, (a, c) -> bundle);
    TaskIo io = TaskIo.builder().artifactDirectory(dir.resolve("copies")).build();

    io.writeOutput(store, "runs/r/outputs.json", spec, bundle);
    String json = new String(store.get("runs/r/outputs.json").readAllBytes(), StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(Files::isRegularFile).forEach(f -> f.toFile().delete()); // the task's files are gone
    }
    Bundle back = (Bundle) io.readOutput(store, "runs/r/outputs.json", spec);

    assertThat(json).contains("{\"@sluice\":\"file\",\"name\":\"p1.csv\",\"sha256\":\"" + bundle.parts().get(0).sha256());
    assertThat(back).isEqualTo(bundle);
    assertThat(text(back.parts().get(1))).isEqualTo("3,4");
    Path copy = back.parts().get(0).path();
    assertThat(copy).startsWith(dir.resolve("copies")).hasFileName("p1.csv").hasContent("1,2");
    Path tree = back.extra().orElseThrow().path();
    assertThat(tree).hasFileName("tree");
    assertThat(tree.resolve("a.txt")).hasContent("alpha");
    assertThat(back.parts().get(0).uri()).isEqualTo(store.uri(Blobs.key(back.parts().get(0).sha256())));
  }

  @Test
  void aRemoteAttemptReceivesAWorkingHandleAndReturnsAFile() throws Exception {
    TaskIo remoteIo = TaskIo.builder().artifactDirectory(dir.resolve("remote")).build();
    // The remote side only sees references: it decodes the inputs, runs the body, encodes the output.
    TaskExecutor byReference = attempt -> CompletableFuture.supplyAsync(() -> {
      AttemptStaging staging = attempt.staging();
      staging.writeInputs();
      String prefix = staging.prefix();
      try {
        Object[] args = remoteIo.readInputs(store, prefix + "inputs.json", attempt.task());
        Object out = ((TaskBody.Jvm) attempt.task().body()).invoker().invoke(args, attempt);
        remoteIo.writeOutput(store, prefix + "outputs.json", attempt.task(), out);
      } catch (Exception e) {
        remoteIo.writeError(store, prefix + "error.json", e, false);
      }
      return staging.readOutputs();
    });
    TaskSpec shout = task("shout", FileRef.class, FileRef.class, (a, c) -> {
      FileRef in = (FileRef) a[0];
      assertThat(in.path()).startsWith(dir.resolve("remote")); // a copy, not the producer's file
      return FileRef.of(write("loud.txt", text(in).toUpperCase()));
    }).toBuilder().placement(new Placement("remote", null, Map.of(), List.of(), Map.of())).build();
    TaskSpec read = task("read", FileRef.class, String.class, (a, c) -> text((FileRef) a[0]));
    TaskSpec writeFile = task("write", Long.class, FileRef.class,
        (a, c) -> FileRef.of(write("quiet.txt", "hello remote")));
    WorkflowSpec spec = Dag.named("remote-files").call("write", writeFile, Dag.INPUT).call("shout", shout, "write")
        .call("read", read, "shout").returning("read", String.class);

    try (Engine engine = Engine.builder().store(store).executor("remote", byReference).build()) {
      RunHandle<Object> run = engine.run(spec, 1L, RunOptions.DEFAULT);
      assertThat(run.await(WAIT)).isEqualTo("HELLO REMOTE");
      String inputs = new String(
          store.get("runs/" + run.runId() + "/nodes/shout/1/inputs.json").readAllBytes(), StandardCharsets.UTF_8);
      assertThat(inputs).startsWith("{\"in0\":{\"@sluice\":\"file\",\"name\":\"quiet.txt\",\"sha256\":\"");
    }
    assertThat(store.keys("blobs/")).hasSize(2);
  }

  @Test
  void aLocalCommandTaskReadsItsFileByUriAndReturnsOneAsAPath() throws Exception {
    // The script finds the file:// URI of its input in the inputs file, and answers with a path.
    String script = "in=$(sed -n 's|.*\"uri\":\"file://\\([^\"]*\\)\".*|\\1|p' \"$SLUICE_INPUTS_URI\");"
        + " tr a-z A-Z < \"$in\" > \"$SLUICE_OUTPUTS_URI.txt\";"
        + " printf '\"%s\"' \"$SLUICE_OUTPUTS_URI.txt\" > \"$SLUICE_OUTPUTS_URI\"";
    TaskSpec shout = TaskSpec.builder("shout").input("in0", FileRef.class).output(FileRef.class)
        .body(new TaskBody.Command(List.of("sh", "-c", script), Map.of())).build();
    TaskSpec read = task("read", FileRef.class, String.class, (a, c) -> text((FileRef) a[0]) + " " + ((FileRef) a[0]).uri());
    WorkflowSpec spec = Dag.named("command-files")
            .call("write", task("write", Long.class, FileRef.class, (a, c) -> FileRef.of(write("w.txt", "quiet"))), Dag.INPUT)
            .call("shout", shout, "write").call("read", read, "shout").returning("read", String.class);
    CountingStore folder = new CountingStore(ArtifactStores.filesystem(dir.resolve("store")));
    try (Engine engine = Engine.builder().store(folder).workDirectory(dir.resolve("work")).build()) {
      String out = (String) engine.run(spec, 1L, RunOptions.DEFAULT).await(WAIT);
      assertThat(out).startsWith("QUIET " + folder.root() + "blobs/sha256/");
    }
  }

  @Test
  void aCachedFileIsServedFromTheStoreAndItsLostBlobMeansARerun() throws Exception {
    int[] bodies = {0};
    TaskSpec make = task("make", Long.class, FileRef.class, (a, c) -> {
      bodies[0]++;
      return FileRef.of(write("made.txt", "made " + a[0]));
    }).toBuilder().cache(CachePolicy.version("1")).build();
    TaskSpec read = task("read", FileRef.class, String.class, (a, c) -> text((FileRef) a[0]));
    WorkflowSpec spec = Dag.named("cached-file").call("make", make, Dag.INPUT).call("read", read, "make")
        .returning("read", String.class);
    try (Engine engine = Engine.builder().store(store).build()) {
      engine.run(spec, 5L, RunOptions.DEFAULT).await(WAIT);
      Files.delete(dir.resolve("made.txt"));
      RunHandle<Object> cached = engine.run(spec, 5L, RunOptions.DEFAULT);
      assertThat(cached.await(WAIT)).isEqualTo("made 5");
      assertThat(cached.status().node("make").orElseThrow().state()).isEqualTo(NodeState.CACHED);

      store.keys("blobs/").forEach(store::delete);
      RunHandle<Object> rerun = engine.run(spec, 5L, RunOptions.DEFAULT);
      assertThat(rerun.await(WAIT)).isEqualTo("made 5");
      assertThat(rerun.status().node("make").orElseThrow().state()).isEqualTo(NodeState.SUCCEEDED);
      assertThat(bodies[0]).isEqualTo(2);
    }
  }

  @Test
  void artifactOutputsOfUncachedTasksAreUploadedEvenWhenNothingIsCached() throws TimeoutException {
    TaskSpec writeFile = task("write", Long.class, FileRef.class, (a, c) -> FileRef.of(write("x.txt", "x")));
    WorkflowSpec spec = Dag.named("one-file").call("write", writeFile, Dag.INPUT).returning("write", FileRef.class);
    try (Engine engine = Engine.builder().store(store).build()) {
      FileRef out = (FileRef) engine.run(spec, 1L, RunOptions.DEFAULT).await(WAIT);
      assertThat(out.uri()).isEqualTo(store.uri(Blobs.key(out.sha256())));
      assertThat(store.keys("cache/")).isEmpty();
    }
  }
}
