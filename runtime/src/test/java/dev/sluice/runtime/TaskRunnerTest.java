package dev.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.io.RemoteCommand;
import dev.sluice.core.io.TaskIo;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RemoteTaskException;
import dev.sluice.core.store.ArtifactStores;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskRunnerTest {
  @TempDir Path dir;
  private ArtifactStore store;
  private final TaskIo io = TaskIo.standard();
  private static final String FOLDER = "runs/r-1/nodes/score/1/";

  @BeforeEach
  void openStore() {
    store = ArtifactStores.filesystem(dir.resolve("store"));
  }

  private Map<String, String> env() {
    return Map.of(
        "SLUICE_STORE_URI", store.root().toString(),
        "SLUICE_RUN_ID", "r-1",
        "SLUICE_WORKFLOW", "qoe",
        "SLUICE_NODE", "score",
        "SLUICE_ATTEMPT", "2",
        "SLUICE_ATTEMPT_NAME", "qoe-abc-score-2");
  }

  private String[] args(String task) {
    return new String[] {"--task", task, "--inputs", store.uri(FOLDER + "inputs.json").toString(),
        "--outputs=" + store.uri(FOLDER + "outputs.json")};
  }

  @Test
  void readsTypedInputsRunsTheTaskAndWritesItsOutput() {
    io.writeInputs(store, FOLDER + "inputs.json", TestTasks.MEAN,
        new Object[] {new TestTasks.Scores(List.of(1.0, 2.0, 6.0), "ridge"), 10.0});
    assertThat(TaskRunner.run(args("mean"), env())).isEqualTo(TaskRunner.OK);
    assertThat(io.readOutput(store, FOLDER + "outputs.json", TestTasks.MEAN)).isEqualTo(30.0);
    assertThat(store.exists(FOLDER + "error.json")).isFalse();
  }

  @Test
  void theTaskSeesTheAttemptTheEngineNamedInTheEnvironment() {
    io.writeInputs(store, FOLDER + "inputs.json", TestTasks.WHO_AM_I, new Object[0]);
    assertThat(TaskRunner.run(args("who-am-i"), env())).isEqualTo(TaskRunner.OK);
    assertThat(io.readOutput(store, FOLDER + "outputs.json", TestTasks.WHO_AM_I)).isEqualTo("qoe/score#2");
  }

  @Test
  void aFailureIsWrittenAsAStructuredErrorJudgedByTheTasksRetryPolicy() {
    io.writeInputs(store, FOLDER + "inputs.json", TestTasks.FLAKY, new Object[] {1L});
    assertThat(TaskRunner.run(args("flaky"), env())).isEqualTo(TaskRunner.TASK_FAILED);
    RemoteTaskException flaky = io.readError(store, FOLDER + "error.json");
    assertThat(flaky.errorType()).isEqualTo("java.io.UncheckedIOException");
    assertThat(flaky.getMessage()).contains("connection reset by the feature store");
    assertThat(flaky.retryable()).isTrue();

    io.writeInputs(store, FOLDER + "inputs.json", TestTasks.BROKEN, new Object[] {-3L});
    assertThat(TaskRunner.run(args("broken"), env())).isEqualTo(TaskRunner.TASK_FAILED);
    RemoteTaskException broken = io.readError(store, FOLDER + "error.json");
    assertThat(broken.errorType()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(broken.getMessage()).contains("x must be positive, got -3");
    assertThat(broken.remoteStack()).contains("TestTasks");
    assertThat(broken.retryable()).isFalse();
    assertThat(store.exists(FOLDER + "outputs.json")).isFalse();
  }

  /**
   * Regression: the runner found its task by name alone, so an engine whose "mean" is another body
   * than the image's ran the image's body. The engine passes its body's code; another is refused.
   */
  @Test
  void aCatalogTaskWithTheSameNameButAnotherBodyIsRefused() {
    io.writeInputs(store, FOLDER + "inputs.json", TestTasks.MEAN,
        new Object[] {new TestTasks.Scores(List.of(1.0, 2.0, 6.0), "ridge"), 10.0});
    Map<String, String> engineMeansAnotherMean = new java.util.HashMap<>(env());
    engineMeansAnotherMean.put(RemoteCommand.TASK_BODY_ENV, "sha256:" + "0".repeat(64));
    assertThat(TaskRunner.run(args("mean"), engineMeansAnotherMean)).isEqualTo(TaskRunner.USAGE);
    RemoteTaskException error = io.readError(store, FOLDER + "error.json");
    assertThat(error.getMessage())
        .contains("the engine runs task 'mean' with body sha256:" + "0".repeat(64) + ", but this application's"
            + " catalog has another task of that name: dev.sluice.runtime.TestTasks::lambda$")
        .contains("Fix: rebuild the image");
    assertThat(store.exists(FOLDER + "outputs.json")).isFalse();

    Map<String, String> same = new java.util.HashMap<>(env());
    same.put(RemoteCommand.TASK_BODY_ENV, TestTasks.MEAN.body().id().code());
    assertThat(TaskRunner.run(args("mean"), same)).isEqualTo(TaskRunner.OK);
  }

  @Test
  void anUnknownTaskIsAUsageErrorThatListsTheKnownTasks() {
    io.writeInputs(store, FOLDER + "inputs.json", TestTasks.WHO_AM_I, new Object[0]);
    assertThat(TaskRunner.run(args("trian"), env())).isEqualTo(TaskRunner.USAGE);
    RemoteTaskException error = io.readError(store, FOLDER + "error.json");
    assertThat(error.getMessage())
        .contains("no task named 'trian'")
        .contains("[broken, flaky, mean, who-am-i]")
        .contains("Fix: rebuild the image");
    assertThat(error.retryable()).isFalse();
  }

  @Test
  void badArgumentsAndAMissingStoreAreUsageErrors() {
    assertThat(TaskRunner.run(new String[] {"--task", "mean"}, env())).isEqualTo(TaskRunner.USAGE);
    assertThat(TaskRunner.run(args("mean"), Map.of())).isEqualTo(TaskRunner.USAGE);
    assertThat(TaskRunner.run(
        new String[] {"--task", "mean", "--inputs", "/elsewhere/inputs.json", "--outputs", "/elsewhere/o.json"},
        env())).isEqualTo(TaskRunner.USAGE);
  }

  @Test
  void argumentParsingNamesWhatIsMissingOrUnknown() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RunnerArguments.parse("--task", "x", "--input", "a"))
        .hasMessageContaining("unknown arguments [--input, a]")
        .hasMessageContaining("missing [--inputs, --outputs]")
        .hasMessageContaining("usage: java -cp");
    assertThat(RunnerArguments.parse("--task=t", "--inputs", "i", "--outputs=o"))
        .isEqualTo(new RunnerArguments("t", "i", "o"));
  }

  @Test
  void runsAsAProcessWithPlainPathsAsAPodOnAFilesystemStoreWould() throws Exception {
    io.writeInputs(store, FOLDER + "inputs.json", TestTasks.MEAN,
        new Object[] {new TestTasks.Scores(List.of(2.0, 4.0), "gd"), 1.0});
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            TaskRunner.class.getName(), "--task", "mean",
            "--inputs", dir.resolve("store").resolve(FOLDER + "inputs.json").toString(),
            "--outputs", dir.resolve("store").resolve(FOLDER + "outputs.json").toString());
    pb.environment().putAll(env());
    File log = dir.resolve("runner.log").toFile();
    pb.redirectErrorStream(true).redirectOutput(log);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("runner finished within 60 s").isTrue();
    assertThat(p.exitValue()).as(Files.readString(log.toPath())).isEqualTo(TaskRunner.OK);
    assertThat(io.readOutput(store, FOLDER + "outputs.json", TestTasks.MEAN)).isEqualTo(3.0);
    assertThat(Files.readString(log.toPath())).contains("task 'mean' succeeded in");
  }
}
