package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.model.TaskBody;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTaskTest {
  @TempDir Path work;
  private Engine engine;

  private Engine engine() {
    engine = Engine.builder().parallelism(2).workDirectory(work).build();
    return engine;
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private static TaskSpec sh(String name, String script, Class<?> output) {
    return TaskSpec.builder(name)
        .input("n", Long.class)
        .output(output)
        .body(new TaskBody.Command(List.of("sh", "-c", script), Map.of("GREETING", "hi")))
        .build();
  }

  @Test
  void aCommandReadsItsInputsAndWritesItsOutputAsJson() throws Exception {
    // The process sees its inputs file and writes a JSON value to its outputs file.
    TaskSpec echo =
        sh("echo-inputs", "echo \"$GREETING from $SLUICE_NODE\"; cp \"$SLUICE_INPUTS_URI\" \"$SLUICE_OUTPUTS_URI\"", Map.class);
    WorkflowSpec spec =
        Dag.named("command").call("echo", echo, Dag.INPUT).returning("echo", Map.class);

    RunHandle<Object> run = engine().run(spec, 42L, RunOptions.DEFAULT);

    assertThat(run.await(Duration.ofSeconds(30))).isEqualTo(Map.of("n", 42));
    Path attemptDir = work.resolve("runs").resolve(run.runId()).resolve("nodes").resolve("echo").resolve("1");
    assertThat(Files.readString(attemptDir.resolve("stdout.log"))).isEqualTo("hi from echo\n");
    assertThat(attemptDir.resolve("inputs.json")).hasContent("{\"n\":42}");
  }

  @Test
  void aNonZeroExitFailsTheNodeWithTheExitCodeAndTheLogTail() {
    TaskSpec fail = sh("fail", "echo 'loss is NaN' >&2; exit 3", Long.class);
    WorkflowSpec spec = Dag.named("command-fails").call("train", fail, Dag.INPUT).returning("train");

    RunHandle<Object> run = engine().run(spec, 1L, RunOptions.DEFAULT);

    assertThatThrownBy(() -> run.await(Duration.ofSeconds(30)))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("exited with code 3")
        .hasMessageContaining("loss is NaN")
        .cause()
        .isInstanceOfSatisfying(CommandFailedException.class, e -> assertThat(e.exitCode()).isEqualTo(3));
  }

  @Test
  void exitingZeroWithoutAnOutputFileIsAClearFailure() {
    TaskSpec silent = sh("silent", "true", Long.class);
    WorkflowSpec spec = Dag.named("command-silent").call("silent", silent, Dag.INPUT).returning("silent");

    assertThatThrownBy(() -> engine().run(spec, 1L, RunOptions.DEFAULT).await(Duration.ofSeconds(30)))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("exited 0 but its output could not be read")
        .hasMessageContaining("write the output value as JSON to $SLUICE_OUTPUTS_URI");
  }

  @Test
  void aTimeoutKillsTheProcess() throws Exception {
    TaskSpec sleepy =
        TaskSpec.builder("sleepy").input("n", Long.class).output(Long.class)
            .body(new TaskBody.Command(List.of("sh", "-c", "echo $$ > \"$SLUICE_OUTPUTS_URI.pid\"; exec sleep 30"), Map.of()))
            .timeout(Duration.ofMillis(300))
            .build();
    WorkflowSpec spec = Dag.named("command-timeout").call("sleepy", sleepy, Dag.INPUT).returning("sleepy");

    RunHandle<Object> run = engine().run(spec, 1L, RunOptions.DEFAULT);

    assertThatThrownBy(() -> run.await(Duration.ofSeconds(20)))
        .isInstanceOf(RunFailedException.class)
        .hasCauseInstanceOf(TaskTimeoutException.class);
    Path pidFile = work.resolve("runs").resolve(run.runId()).resolve("nodes/sleepy/1/outputs.json.pid");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle.of(pid).ifPresent(p -> assertThat(p.onExit()).succeedsWithin(Duration.ofSeconds(10)));
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
  }
}
