package dev.sluice.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.models.registry.ModelRegistry;
import dev.sluice.models.registry.ModelRegistryContract;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The same contract and a tracking round trip against a real MLflow server, skipped unless {@code
 * SLUICE_MLFLOW_URI} names one (optional {@code SLUICE_MLFLOW_TOKEN}). For example:
 *
 * <pre>
 * pip install mlflow &amp;&amp; mlflow server --host 127.0.0.1 --port 5000 --backend-store-uri sqlite:///mlflow.db
 * SLUICE_MLFLOW_URI=http://127.0.0.1:5000 ./mvnw -pl integrations/mlflow -am test -Dtest='MlflowLiveTest*' \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Model names are unique per test (the contract's {@code model()}), so the server need not be empty.
 */
@EnabledIfEnvironmentVariable(named = "SLUICE_MLFLOW_URI", matches = ".+")
class MlflowLiveTest {

  static MlflowConfig config() {
    MlflowConfig.Builder b = MlflowConfig.builder(URI.create(System.getenv("SLUICE_MLFLOW_URI")));
    Optional.ofNullable(System.getenv("SLUICE_MLFLOW_TOKEN")).filter(t -> !t.isBlank()).ifPresent(b::token);
    return b.build();
  }

  @Nested
  class Contract extends ModelRegistryContract {
    @Override
    protected ModelRegistry newRegistry() {
      return MlflowModelRegistry.of(config());
    }

    @Override
    protected ModelRegistry sameBackend() {
      return MlflowModelRegistry.of(config());
    }
  }

  @Test
  void aRunLogsToTheDefaultExperiment() {
    try (MlflowRun run = MlflowTracking.of(config()).startRun("0", "sluice-live-test")) {
      run.logParam("lr", "0.01").logMetric("rmse", 0.25);
      assertThat(run.runId()).isNotBlank();
    }
  }
}
