package dev.sluice.models.deploy;

import dev.sluice.models.registry.ModelVersion;

/**
 * Turns a registered version into a {@link Predictor}: reads its artifact and builds the model.
 * Throwing means the version cannot serve (the deployment fails and a {@link Rollout} rolls back).
 */
@FunctionalInterface
public interface ModelLoader {
  /** Loads {@code version}. */
  Predictor load(ModelVersion version) throws Exception;
}
