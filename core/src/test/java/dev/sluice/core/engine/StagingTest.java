package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.io.TaskIo;
import dev.sluice.core.model.Placement;
import dev.sluice.core.model.TaskSpec;
import java.util.List;
import java.util.Map;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.spi.AttemptStaging;
import dev.sluice.core.spi.RemoteTaskException;
import dev.sluice.core.spi.TaskExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A "remote" executor that only passes references, with the remote side played by TaskIo. */
class StagingTest {
  private final ArtifactStore store = ArtifactStores.inMemory();
  private final TaskIo io = TaskIo.standard();

  /** Runs the task body where a task runner would: from the store, back to the store. */
  private final TaskExecutor byReference =
      attempt -> CompletableFuture.supplyAsync(() -> {
        AttemptStaging staging = attempt.staging();
        String inputs = key(staging, staging.writeInputs().toString());
        Object[] args = io.readInputs(store, inputs, attempt.task());
        try {
          Object out = ((dev.sluice.core.model.TaskBody.Jvm) attempt.task().body()).invoker().invoke(args, attempt);
          io.writeOutput(store, key(staging, staging.outputsUri().toString()), attempt.task(), out);
        } catch (Exception e) {
          io.writeError(store, key(staging, staging.errorUri().toString()), e, false);
        }
        return staging.readOutputs();
      });

  private static String key(AttemptStaging staging, String uri) {
    return uri.substring(staging.storeRoot().toString().length());
  }

  @Test
  void inputsAndOutputsTravelThroughTheStoreUnderTheAttemptsFolder() throws Exception {
    TaskSpec twice = Dag.task("twice", 2, (args, ctx) -> (Long) args[0] + (Long) args[1],
        b -> b.placement(new Placement("remote", null, Map.of(), List.of(), Map.of())));
    WorkflowSpec spec = Dag.named("staged").call("sum", twice, Dag.INPUT, Dag.INPUT).returning("sum");
    try (Engine engine = Engine.builder().store(store).executor("remote", byReference).build()) {
      RunHandle<Object> run = engine.run(spec, 21L, RunOptions.DEFAULT);
      assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(42L);
      String folder = "runs/" + run.runId() + "/nodes/sum/1/";
      assertThat(new String(store.get(folder + "inputs.json").readAllBytes()))
          .isEqualTo("{\"in0\":21,\"in1\":21}");
      assertThat(new String(store.get(folder + "outputs.json").readAllBytes())).isEqualTo("42");
    }
  }

  @Test
  void aRemoteErrorComesBackWithItsTypeAndMessage() {
    TaskSpec broken = Dag.task("broken", 1, (args, ctx) -> {
      throw new IllegalStateException("disk full on the worker");
    }, b -> b.placement(new Placement("remote", null, Map.of(), List.of(), Map.of())));
    WorkflowSpec spec = Dag.named("staged-fail").call("b", broken, Dag.INPUT).returning("b");
    try (Engine engine = Engine.builder().store(store).executor("remote", byReference).build()) {
      RunHandle<Object> run = engine.run(spec, 1L, RunOptions.DEFAULT);
      assertThatThrownBy(() -> run.await(Duration.ofSeconds(10)))
          .isInstanceOf(RunFailedException.class)
          .hasStackTraceContaining("java.lang.IllegalStateException: disk full on the worker");
      RemoteTaskException remote = io.readError(store, "runs/" + run.runId() + "/nodes/b/1/error.json");
      assertThat(remote.errorType()).isEqualTo("java.lang.IllegalStateException");
      assertThat(remote.remoteStack()).contains("StagingTest");
      assertThat(remote.retryable()).isFalse();
    }
  }

}
