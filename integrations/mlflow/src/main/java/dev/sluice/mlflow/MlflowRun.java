package dev.sluice.mlflow;

import dev.sluice.mlflow.internal.MlflowHttp;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An MLflow run started by {@link MlflowTracking#startRun}. Each log call is one {@code
 * runs/log-batch} request, sent at once (nothing is buffered, so nothing is lost if the task dies
 * later). Closing ends the run {@code FINISHED} unless {@link #end} was called. Thread-safe.
 */
public final class MlflowRun implements AutoCloseable {
  /** How a run ended, as MLflow's {@code RunStatus} names it (service.proto). */
  public enum Status { FINISHED, FAILED, KILLED }

  private final MlflowHttp http;
  private final Clock clock;
  private final String runId;
  private final String name;
  private final AtomicBoolean ended = new AtomicBoolean();

  MlflowRun(MlflowHttp http, Clock clock, String runId, String name) {
    this.http = http;
    this.clock = clock;
    this.runId = runId;
    this.name = name;
  }

  /** MLflow's id of the run; put it in a registration's {@link MlflowModelRegistry#RUN_ID_TAG} to link a model version to it. */
  public String runId() {
    return runId;
  }

  /** Logs a parameter. MLflow refuses a second, different value for the same key (IllegalArgumentException). */
  public MlflowRun logParam(String key, String value) {
    return log(Map.of(key, value), Map.of());
  }

  /** Logs a metric at step 0, timestamped now. */
  public MlflowRun logMetric(String key, double value) {
    return log(Map.of(), Map.of(key, value));
  }

  /** Logs parameters and metrics in one request. */
  public MlflowRun log(Map<String, String> params, Map<String, Double> metrics) {
    MlflowTracking.logBatch(http, clock, runId, params, metrics);
    return this;
  }

  /** Ends the run ({@code runs/update} with the status and end time); later calls do nothing. */
  public void end(Status status) {
    Objects.requireNonNull(status, "status");
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      http.post("runs/update", http.object().put("run_id", runId).put("status", status.name())
          .put("end_time", clock.millis()));
    } catch (MlflowException e) {
      ended.set(false);
      throw MlflowTracking.map("end run " + name + " (" + runId + ")", e);
    }
  }

  /** Ends the run {@code FINISHED} unless it was ended already. */
  @Override
  public void close() {
    end(Status.FINISHED);
  }

  @Override
  public String toString() {
    return "MlflowRun[" + name + ", " + runId + "]";
  }
}
