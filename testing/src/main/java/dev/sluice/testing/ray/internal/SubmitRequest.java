package dev.sluice.testing.ray.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code POST /api/jobs/} body checked as Ray's {@code parse_and_validate_request} and {@code
 * JobSubmitRequest.__post_init__} check it: null values dropped first, then unknown keys, a missing
 * entrypoint and wrong types rejected with Ray's messages.
 */
record SubmitRequest(
    String entrypoint,
    String submissionId,
    ObjectNode runtimeEnv,
    Map<String, String> metadata, // null when not sent
    double numCpus,
    double numGpus,
    long memory,
    Map<String, Double> resources,
    String rawBody) {

  /** A request Ray would refuse: the status code and the text/plain body it answers with. */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Rejected(int status, String body) {
      super(body, null, false, false);
      this.status = status;
    }
  }

  /** The fields {@code JobSubmitRequest} has in a Ray of this version. */
  static List<String> knownFields(ServerSettings settings) {
    List<String> known =
        new ArrayList<>(List.of("entrypoint", "submission_id", "job_id", "runtime_env", "metadata"));
    if (settings.atLeast(2, 2)) {
      known.addAll(List.of("entrypoint_num_cpus", "entrypoint_num_gpus", "entrypoint_resources"));
    }
    if (settings.atLeast(2, 8)) {
      known.add("entrypoint_memory");
    }
    if (settings.atLeast(2, 54)) {
      known.add("entrypoint_label_selector");
    }
    return known;
  }

  static SubmitRequest parse(String body, ServerSettings settings, ObjectMapper json) throws Rejected {
    JsonNode tree;
    try {
      tree = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new Rejected(500, RayTexts.traceback(
          "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"));
    }
    if (tree == null || !tree.isObject()) {
      throw new Rejected(500, RayTexts.traceback(
          "AttributeError: '" + pythonType(tree) + "' object has no attribute 'items'"));
    }
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    tree.fields().forEachRemaining(e -> {
      if (!e.getValue().isNull()) {
        fields.put(e.getKey(), e.getValue());
      }
    });
    List<String> known = knownFields(settings);
    for (String key : fields.keySet()) {
      if (!known.contains(key)) {
        throw badRequest("TypeError: __init__() got an unexpected keyword argument '" + key + "'");
      }
    }
    JsonNode entrypoint = fields.get("entrypoint");
    if (entrypoint == null) {
      throw badRequest("TypeError: __init__() missing 1 required positional argument: 'entrypoint'");
    }
    requireType(entrypoint.isTextual(), "entrypoint must be a string, got ", entrypoint);
    JsonNode submissionId = fields.get("submission_id");
    if (submissionId != null) {
      requireType(submissionId.isTextual(), "submission_id must be a string if provided, got ", submissionId);
    }
    JsonNode jobId = fields.get("job_id");
    if (jobId != null) {
      requireType(jobId.isTextual(), "job_id must be a string if provided, got ", jobId);
    }
    JsonNode runtimeEnv = fields.get("runtime_env");
    if (runtimeEnv != null) {
      requireType(runtimeEnv.isObject(), "runtime_env must be a dict, got ", runtimeEnv);
    }
    Map<String, String> metadata = null; // not sent: Ray stores and answers null
    JsonNode meta = fields.get("metadata");
    if (meta != null) {
      metadata = new LinkedHashMap<>();
      requireType(meta.isObject(), "metadata must be a dict, got ", meta);
      for (Map.Entry<String, JsonNode> e : meta.properties()) {
        requireType(e.getValue().isTextual(), "metadata values must be strings, got ", e.getValue());
        metadata.put(e.getKey(), e.getValue().textValue());
      }
    }
    double cpus = number(fields.get("entrypoint_num_cpus"), "entrypoint_num_cpus must be a number, got ");
    double gpus = number(fields.get("entrypoint_num_gpus"), "entrypoint_num_gpus must be a number, got ");
    JsonNode mem = fields.get("entrypoint_memory");
    long memory = 0;
    if (mem != null) {
      requireType(mem.isIntegralNumber(), "entrypoint_memory must be an integer, got ", mem);
      memory = mem.longValue();
    }
    Map<String, Double> resources = new LinkedHashMap<>();
    JsonNode res = fields.get("entrypoint_resources");
    if (res != null) {
      requireType(res.isObject(), "entrypoint_resources must be a dict, got ", res);
      for (Map.Entry<String, JsonNode> e : res.properties()) {
        resources.put(e.getKey(), number(e.getValue(), "entrypoint_resources values must be numbers, got "));
      }
    }
    String id = submissionId != null ? submissionId.textValue() : jobId != null ? jobId.textValue() : null;
    return new SubmitRequest(
        entrypoint.textValue(),
        id,
        runtimeEnv == null ? null : (ObjectNode) runtimeEnv,
        metadata,
        cpus,
        gpus,
        memory,
        resources,
        body);
  }

  /** Whether the job asks for any resource (Ray's PENDING message says so then). */
  boolean asksForResources() {
    return numCpus > 0 || numGpus > 0 || memory > 0 || !resources.isEmpty();
  }

  /** What the job reserves while it runs, by Ray resource name. */
  Map<String, Double> demand() {
    Map<String, Double> demand = new LinkedHashMap<>(resources);
    if (numCpus > 0) {
      demand.merge("CPU", numCpus, Double::sum);
    }
    if (numGpus > 0) {
      demand.merge("GPU", numGpus, Double::sum);
    }
    if (memory > 0) {
      demand.merge("memory", (double) memory, Double::sum);
    }
    return demand;
  }

  private static double number(JsonNode node, String message) throws Rejected {
    if (node == null) {
      return 0;
    }
    requireType(node.isNumber(), message, node);
    return node.doubleValue();
  }

  private static void requireType(boolean ok, String message, JsonNode value) throws Rejected {
    if (!ok) {
      throw badRequest("TypeError: " + message + "<class '" + pythonType(value) + "'>");
    }
  }

  private static Rejected badRequest(String exception) {
    return new Rejected(400, RayTexts.traceback(exception));
  }

  /** The Python type name json.loads would give this value. */
  static String pythonType(JsonNode node) {
    if (node == null || node.isNull()) {
      return "NoneType";
    }
    if (node.isTextual()) {
      return "str";
    }
    if (node.isBoolean()) {
      return "bool";
    }
    if (node.isIntegralNumber()) {
      return "int";
    }
    if (node.isNumber()) {
      return "float";
    }
    return node.isArray() ? "list" : "dict";
  }
}
