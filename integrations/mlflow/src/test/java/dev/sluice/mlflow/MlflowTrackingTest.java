package dev.sluice.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs, parameters and metrics logged to the stand-in's tracking API. */
class MlflowTrackingTest {
  private final MlflowServer server = MlflowServer.start();
  private final MlflowTracking tracking = MlflowTracking.of(MlflowModelRegistryContractTest.config(server));

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aRunLogsParamsAndMetricsInBatchesAndEndsFinished() {
    String id;
    try (MlflowRun run = tracking.startRun("0", "train-qoe")) {
      id = run.runId();
      run.logParam("lr", "0.01").logMetric("rmse", 0.249);
      run.log(Map.of("epochs", "20", "lr", "0.01"), Map.of("mae", 0.18, "rmse", 0.241));
      assertThat(server.tracking.get(id).status()).isEqualTo("RUNNING");
    }
    StandInTracking.Run logged = server.tracking.get(id);
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(logged.name()).isEqualTo("train-qoe");
    assertThat(logged.params()).isEqualTo(Map.of("lr", "0.01", "epochs", "20"));
    assertThat(logged.metrics()).isEqualTo(Map.of("rmse", 0.241, "mae", 0.18));
    assertThat(logged.status()).isEqualTo("FINISHED");
    assertThat(logged.endTime()).isPositive();
    assertThat(server.requests.stream().filter(r -> r.endsWith("runs/log-batch")).count()).isEqualTo(3);
  }

  @Test
  void aFailedRunEndsFailedAndCloseDoesNotOverrideIt() {
    MlflowRun run = tracking.startRun("0", "train-qoe");
    run.end(MlflowRun.Status.FAILED);
    run.close();
    assertThat(server.tracking.get(run.runId()).status()).isEqualTo("FAILED");
  }

  @Test
  void mlflowsRefusalsAreClearErrors() {
    assertThatThrownBy(() -> tracking.startRun("42", "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No Experiment with id=42 exists");
    MlflowRun run = tracking.startRun("0", "train-qoe");
    run.logParam("lr", "0.01");
    assertThatThrownBy(() -> run.logParam("lr", "0.02")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Changing param values is not allowed");
  }

  @Test
  void aLogBatchHitBy503IsRetried() {
    MlflowRun run = tracking.startRun("0", "train-qoe");
    server.failNext(2, 503);
    run.logMetric("rmse", 0.3);
    assertThat(server.tracking.get(run.runId()).metrics()).containsEntry("rmse", 0.3);
  }
}
