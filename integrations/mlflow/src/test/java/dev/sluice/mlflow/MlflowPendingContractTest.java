package dev.sluice.mlflow;

import dev.sluice.models.registry.ModelRegistry;
import dev.sluice.models.registry.ModelRegistryContract;
import org.junit.jupiter.api.AfterEach;

/** The registry contract again, with every new version PENDING_REGISTRATION for two reads (as registries that copy artifacts answer). */
class MlflowPendingContractTest extends ModelRegistryContract {
  private MlflowServer server;

  @Override
  protected ModelRegistry newRegistry() {
    server = MlflowServer.start();
    server.pendingReads(2);
    return MlflowModelRegistry.of(MlflowModelRegistryContractTest.config(server));
  }

  @Override
  protected ModelRegistry sameBackend() {
    return MlflowModelRegistry.of(MlflowModelRegistryContractTest.config(server));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }
}
