package dev.sluice.executor.kubernetes;

import dev.sluice.core.internal.io.StoreStaging;
import dev.sluice.core.io.TaskIo;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.AttemptStaging;
import java.nio.file.Path;

/** An attempt handed straight to the executor, as the engine would (or a resumed run). */
public record TestAttempt(TaskSpec task, Object[] inputs, String workflowName, String runId, String nodePath,
    int attempt, ArtifactStore store) implements Attempt {

  static TestAttempt of(TaskSpec task, ArtifactStore store, String runId, Object... inputs) {
    return new TestAttempt(task, inputs, "direct", runId, task.name(), 1, store);
  }

  @Override
  public String attemptName() {
    return runId + "-" + nodePath + "-" + attempt;
  }

  @Override
  public Path directory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "sluice-direct", attemptName());
  }

  @Override
  public AttemptStaging staging() {
    return new StoreStaging(store, TaskIo.standard(), this, nodePath.replaceAll("[^A-Za-z0-9._-]+", "-"));
  }
}
