package dev.sluice.core.internal.io;

import dev.sluice.core.io.TaskIo;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.AttemptStaging;
import dev.sluice.core.spi.RemoteTaskException;
import java.net.URI;

/** {@link AttemptStaging} of one attempt over the engine's store, in {@link TaskIo}'s format. */
public final class StoreStaging implements AttemptStaging {
  private final ArtifactStore store;
  private final TaskIo io;
  private final Attempt attempt;
  private final String prefix;

  public StoreStaging(ArtifactStore store, TaskIo io, Attempt attempt, String nodeFolder) {
    this.store = store;
    this.io = io;
    this.attempt = attempt;
    this.prefix =
        "runs/" + attempt.runId() + "/nodes/" + nodeFolder + "/" + attempt.attempt() + "/";
  }

  @Override
  public ArtifactStore store() {
    return store;
  }

  @Override
  public String prefix() {
    return prefix;
  }

  @Override
  public URI writeInputs() {
    String key = prefix + "inputs.json";
    io.writeInputs(store, key, attempt.task(), attempt.inputs());
    return store.uri(key);
  }

  @Override
  public Object readOutputs() {
    String outputs = prefix + "outputs.json";
    String error = prefix + "error.json";
    if (store.exists(error)) {
      throw io.readError(store, error);
    }
    if (!store.exists(outputs)) {
      throw new RemoteTaskException(
          "MissingOutputs",
          "attempt " + attempt.attemptName() + " of task '" + attempt.task().name()
              + "' ended without writing " + store.uri(outputs) + " or " + store.uri(error),
          "",
          true);
    }
    return io.readOutput(store, outputs, attempt.task());
  }
}
