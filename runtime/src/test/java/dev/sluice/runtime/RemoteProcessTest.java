package dev.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunFailedException;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.io.RemoteCommand;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.Placement;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.AttemptStaging;
import dev.sluice.core.spi.RemoteTaskException;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.core.store.ArtifactStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole remote path without a cluster: the engine stages inputs in the store, an executor starts
 * {@link RemoteCommand} as a local process (as a pod or a Ray job would), and reads the result back.
 */
class RemoteProcessTest {
  @TempDir Path dir;

  private static final List<String> JAVA =
      List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"));

  /** Starts each attempt as a local process from its RemoteCommand; the exit code is advisory. */
  private final TaskExecutor processes =
      attempt -> {
        AttemptStaging staging = attempt.staging();
        RemoteCommand command = RemoteCommand.forAttempt(attempt, staging.writeInputs(), JAVA);
        ProcessBuilder pb = new ProcessBuilder(command.argv());
        pb.environment().putAll(command.env());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve(attempt.attemptName() + ".log").toFile());
        try {
          Process p = pb.start();
          return p.onExit().thenApply(done -> staging.readOutputs());
        } catch (java.io.IOException e) {
          return CompletableFuture.failedFuture(e);
        }
      };

  private static Placement remote() {
    return new Placement("remote", null, Map.of(), List.of(), Map.of("MODEL_NAME", "ridge"));
  }

  @Test
  void aJvmTaskAndACommandTaskRunAsProcessesThroughTheStore() throws Exception {
    TaskSpec mean = TestTasks.MEAN.toBuilder().placement(remote()).build();
    TaskSpec label =
        TaskSpec.builder("label")
            .input("score", Double.class)
            .output(String.class)
            .body(new TaskBody.Command(List.of("sh", "-c",
                "score=$(sed 's/.*\"score\":\\([0-9.]*\\).*/\\1/' \"$SLUICE_INPUTS_URI\");"
                    + " printf '\"%s scored %s on attempt %s\"' \"$MODEL_NAME\" \"$score\" \"$SLUICE_ATTEMPT\""
                    + " > \"$SLUICE_OUTPUTS_URI\""), Map.of()))
            .placement(remote())
            .build();
    WorkflowSpec spec =
        WorkflowSpec.builder("remote-mix", TestTasks.Scores.class)
            .node(new TaskNode("mean", mean, List.of(Binding.INPUT, Binding.literal(2.0, Double.class))))
            .node(new TaskNode("label", label, List.of(Binding.output("mean"))))
            .output(Binding.output("label"), String.class)
            .build();
    try (Engine engine =
        Engine.builder().store(ArtifactStores.filesystem(dir.resolve("store")))
            .executor("remote", processes).build()) {
      RunHandle<Object> run =
          engine.run(spec, new TestTasks.Scores(List.of(1.0, 2.0), "ridge"), RunOptions.DEFAULT);
      assertThat(run.await(Duration.ofSeconds(60))).isEqualTo("ridge scored 3.0 on attempt 1");
    }
  }

  @Test
  void aRemoteFailureIsRetriedAsTheTaskRunnerJudgedItAndReportedWithItsType() {
    TaskSpec flaky = TestTasks.FLAKY.toBuilder().placement(remote()).build();
    TaskSpec broken = TestTasks.BROKEN.toBuilder().placement(remote()).build();
    try (Engine engine =
        Engine.builder().store(ArtifactStores.filesystem(dir.resolve("store")))
            .executor("remote", processes).build()) {
      RunHandle<Object> flakyRun = engine.run(single("flaky", flaky), 1L, RunOptions.DEFAULT);
      assertThatThrownBy(() -> flakyRun.await(Duration.ofSeconds(90)))
          .isInstanceOf(RunFailedException.class)
          .hasRootCauseInstanceOf(RemoteTaskException.class)
          .hasStackTraceContaining("connection reset by the feature store");
      assertThat(flakyRun.status().node("t").orElseThrow().attempts()).isEqualTo(3);

      RunHandle<Object> brokenRun = engine.run(single("broken", broken), -1L, RunOptions.DEFAULT);
      assertThatThrownBy(() -> brokenRun.await(Duration.ofSeconds(60)))
          .hasStackTraceContaining("java.lang.IllegalArgumentException: x must be positive, got -1");
      assertThat(brokenRun.status().node("t").orElseThrow().attempts()).isEqualTo(1);
    }
  }

  private static WorkflowSpec single(String name, TaskSpec task) {
    return WorkflowSpec.builder(name, Long.class)
        .node(new TaskNode("t", task, List.of(Binding.INPUT)))
        .output(Binding.output("t"), Long.class)
        .build();
  }
}
