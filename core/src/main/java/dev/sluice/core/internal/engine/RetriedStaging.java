package dev.sluice.core.internal.engine;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.AttemptStaging;
import java.net.URI;

/**
 * An attempt's staging whose store work (writing the inputs and their artifacts, reading the
 * outputs) goes through the engine's {@link StoreWork}: a store that fails for a moment does not
 * fail the attempt, and one that stays down fails it with a {@code StoreFailedException}, which
 * the task's retry policy does not retry.
 */
final class RetriedStaging implements AttemptStaging {
  private final AttemptStaging staging;
  private final StoreWork work;
  private final String node;

  RetriedStaging(AttemptStaging staging, StoreWork work, String attemptName) {
    this.staging = staging;
    this.work = work;
    this.node = attemptName;
  }

  @Override
  public ArtifactStore store() {
    return staging.store();
  }

  @Override
  public URI storeRoot() {
    return staging.storeRoot();
  }

  @Override
  public String prefix() {
    return staging.prefix();
  }

  @Override
  public URI writeInputs() {
    return work.call("write the inputs of attempt " + node, staging::writeInputs);
  }

  @Override
  public Object readOutputs() {
    return work.call("read the outputs of attempt " + node, staging::readOutputs);
  }
}
