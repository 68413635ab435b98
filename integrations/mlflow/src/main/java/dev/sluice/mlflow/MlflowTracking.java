package dev.sluice.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.mlflow.internal.MlflowHttp;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * A small client of MLflow tracking: start a run in an experiment, log its parameters and metrics,
 * end it. Meant for a task that wants its training numbers in MLflow's UI beside the model:
 *
 * <pre>{@code
 * try (MlflowRun run = MlflowTracking.of(config).startRun("1", "train-qoe")) {
 *   run.logParam("lr", "0.01");
 *   run.logMetric("rmse", 0.249);
 * } // ends FINISHED; run.end(MlflowRun.Status.FAILED) to say otherwise
 * }</pre>
 */
public final class MlflowTracking {
  private final MlflowHttp http;
  private final Clock clock;

  private MlflowTracking(MlflowConfig config, Clock clock) {
    this.http = new MlflowHttp(config);
    this.clock = clock;
  }

  /** A tracking client of the server {@code config} names. */
  public static MlflowTracking of(MlflowConfig config) {
    return of(config, Clock.systemUTC());
  }

  /** The same, timestamping runs and metrics with {@code clock}. */
  public static MlflowTracking of(MlflowConfig config, Clock clock) {
    return new MlflowTracking(Objects.requireNonNull(config, "config"), Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Starts a run ({@code runs/create}) in an experiment, by MLflow's experiment id ({@code "0"} is
   * MLflow's default experiment).
   *
   * @throws IllegalArgumentException when MLflow refuses the experiment id
   */
  public MlflowRun startRun(String experimentId, String runName) {
    Objects.requireNonNull(experimentId, "experimentId");
    Objects.requireNonNull(runName, "runName");
    JsonNode answer;
    try {
      answer = http.post("runs/create", http.object().put("experiment_id", experimentId).put("run_name", runName)
          .put("start_time", clock.millis()));
    } catch (MlflowException e) {
      throw map("start run " + runName + " in experiment " + experimentId, e);
    }
    return new MlflowRun(http, clock, answer.path("run").path("info").path("run_id").asText(), runName);
  }

  /** MLflow's refusals of bad input (INVALID_PARAMETER_VALUE, RESOURCE_DOES_NOT_EXIST) as IllegalArgumentException. */
  static RuntimeException map(String what, MlflowException e) {
    String code = e.errorCode().orElse("");
    if (code.equals("INVALID_PARAMETER_VALUE") || code.equals("RESOURCE_DOES_NOT_EXIST")) {
      return new IllegalArgumentException("could not " + what + ": " + e.getMessage(), e);
    }
    return new MlflowException("could not " + what + ": " + e.getMessage(), e.status().orElse(-1), code.isEmpty() ? null : code);
  }

  /** Logs many parameters and metrics of a run in one {@code runs/log-batch} call. */
  static void logBatch(MlflowHttp http, Clock clock, String runId, Map<String, String> params, Map<String, Double> metrics) {
    var body = http.object().put("run_id", runId);
    var p = body.putArray("params");
    params.forEach((k, v) -> p.addObject().put("key", k).put("value", v));
    var m = body.putArray("metrics");
    long now = clock.millis();
    metrics.forEach((k, v) -> m.addObject().put("key", k).put("value", v).put("timestamp", now).put("step", 0));
    body.putArray("tags");
    try {
      http.post("runs/log-batch", body);
    } catch (MlflowException e) {
      throw map("log to run " + runId, e);
    }
  }
}
