package dev.sluice.mlflow;

import dev.sluice.models.registry.ModelRegistry;
import dev.sluice.models.registry.ModelRegistryContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** The registry contract on MlflowModelRegistry against the stand-in MLflow server; two registries race on one server. */
class MlflowModelRegistryContractTest extends ModelRegistryContract {
  private MlflowServer server;

  static MlflowConfig config(MlflowServer server) {
    return MlflowConfig.builder(server.uri()).retry(3, Duration.ofMillis(10))
        .readyTimeout(Duration.ofSeconds(30), Duration.ofMillis(5)).build();
  }

  @Override
  protected ModelRegistry newRegistry() {
    server = MlflowServer.start();
    return MlflowModelRegistry.of(config(server));
  }

  @Override
  protected ModelRegistry sameBackend() {
    return MlflowModelRegistry.of(config(server));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }
}
