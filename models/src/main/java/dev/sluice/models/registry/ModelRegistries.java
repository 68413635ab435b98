package dev.sluice.models.registry;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.models.internal.registry.StoreModelRegistry;
import java.time.Clock;

/** Factories of the built-in model registry. */
public final class ModelRegistries {
  private ModelRegistries() {}

  /**
   * A registry kept under {@code models/} in an artifact store (a folder, a bucket): no server, safe
   * for several engines sharing the store. Pass the engine's store to keep models beside runs.
   */
  public static ModelRegistry on(ArtifactStore store) {
    return on(store, Clock.systemUTC());
  }

  /** The same, timestamping registrations and alias moves with {@code clock}. */
  public static ModelRegistry on(ArtifactStore store, Clock clock) {
    return new StoreModelRegistry(store, clock);
  }
}
