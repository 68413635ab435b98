package dev.sluice.mlflow;

import static dev.sluice.mlflow.MlflowApiError.invalid;
import static dev.sluice.mlflow.MlflowApiError.notFound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The tracking half of {@link MlflowServer}: experiments (only MLflow's default, id {@code "0"}, plus
 * those a test adds) and runs. From mlflow/mlflow: run ids are {@code uuid4().hex}; a new run is
 * RUNNING; {@code runs/update} takes RUNNING, SCHEDULED, FINISHED, FAILED, KILLED (service.proto
 * RunStatus); a param's value cannot change ("Changing param values is not allowed",
 * sqlalchemy_store.py log_batch); a batch holds at most 100 params and 1000 metrics
 * (validation.py MAX_PARAMS_TAGS_PER_BATCH, MAX_METRICS_PER_BATCH); an unknown experiment is
 * RESOURCE_DOES_NOT_EXIST "No Experiment with id=X exists", an unknown run "Run with id=X not found".
 */
final class StandInTracking {
  private static final Set<String> STATUSES = Set.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");

  /** What a test reads back of a run. */
  record Run(String id, String experimentId, String name, String status, Map<String, String> params,
      Map<String, Double> metrics, long endTime) {}

  private final ObjectMapper json = new ObjectMapper();
  private final Set<String> experiments = new java.util.HashSet<>(Set.of("0"));
  private final Map<String, Run> runs = new LinkedHashMap<>();

  synchronized ObjectNode createRun(JsonNode req) {
    String experiment = req.path("experiment_id").asText("0");
    if (!experiments.contains(experiment)) {
      throw notFound("No Experiment with id=" + experiment + " exists");
    }
    String id = UUID.randomUUID().toString().replace("-", "");
    Run run = new Run(id, experiment, req.path("run_name").asText(""), "RUNNING", new TreeMap<>(), new TreeMap<>(), 0);
    runs.put(id, run);
    ObjectNode out = json.createObjectNode();
    ObjectNode runNode = out.putObject("run");
    ObjectNode info = runNode.putObject("info");
    info.put("run_id", id).put("run_uuid", id).put("experiment_id", experiment).put("run_name", run.name())
        .put("status", "RUNNING").put("start_time", req.path("start_time").asLong()).put("lifecycle_stage", "active")
        .put("artifact_uri", "mlflow-artifacts:/" + experiment + "/" + id + "/artifacts");
    runNode.putObject("data");
    return out;
  }

  synchronized ObjectNode logBatch(JsonNode req) {
    Run run = run(StandInRegistry.required(req, "run_id"));
    if (req.path("params").size() > 100 || req.path("metrics").size() > 1000) {
      throw invalid("A batch logging request can contain at most 1000 metrics, 100 params and 100 tags");
    }
    for (JsonNode p : req.path("params")) {
      String key = p.path("key").asText();
      String value = p.path("value").asText();
      String old = run.params().get(key);
      if (old != null && !old.equals(value)) {
        throw invalid("Changing param values is not allowed. Param with key='" + key + "' was already logged with "
            + "value='" + old + "' for run ID='" + run.id() + "'. Attempted logging new value '" + value + "'.");
      }
    }
    for (JsonNode m : req.path("metrics")) {
      if (!m.path("value").isNumber() || !m.has("timestamp")) {
        throw invalid("Invalid metric " + m + ": a metric needs a numeric value and a timestamp");
      }
    }
    req.path("params").forEach(p -> run.params().put(p.path("key").asText(), p.path("value").asText()));
    req.path("metrics").forEach(m -> run.metrics().put(m.path("key").asText(), m.path("value").asDouble()));
    return json.createObjectNode();
  }

  synchronized ObjectNode updateRun(JsonNode req) {
    Run run = run(StandInRegistry.required(req, "run_id"));
    String status = req.path("status").asText(run.status());
    if (!STATUSES.contains(status)) {
      throw invalid("Invalid value " + status + " for parameter 'status' supplied.");
    }
    Run updated = new Run(run.id(), run.experimentId(), run.name(), status, run.params(), run.metrics(),
        req.path("end_time").asLong(0));
    runs.put(run.id(), updated);
    ObjectNode out = json.createObjectNode();
    out.putObject("run_info").put("run_id", run.id()).put("run_uuid", run.id()).put("status", status)
        .put("end_time", updated.endTime()).put("experiment_id", run.experimentId()).put("run_name", run.name());
    return out;
  }

  private Run run(String id) {
    Run run = runs.get(id);
    if (run == null) {
      throw notFound("Run with id=" + id + " not found");
    }
    return run;
  }

  synchronized void addExperiment(String id) {
    experiments.add(id);
  }

  synchronized Run get(String id) {
    Run r = run(id);
    return new Run(r.id(), r.experimentId(), r.name(), r.status(), Map.copyOf(r.params()), Map.copyOf(r.metrics()),
        r.endTime());
  }
}
