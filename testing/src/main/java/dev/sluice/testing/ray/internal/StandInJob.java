package dev.sluice.testing.ray.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.testing.ray.RayJobRecord;
import dev.sluice.testing.ray.RayJobRecord.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One submitted job: its request, its state (guarded by the owning {@link Cluster}'s lock) and its
 * log file. Renders itself as Ray's {@code JobDetails}.
 */
final class StandInJob {
  /** A made-up 56-hex node id, as Ray's {@code driver_node_id}. */
  private static final String NODE_ID = "5e1f0c2a9b7d4e3f8a6c1b0d2e4f6a8c9b1d3e5f7a9c2b4d6e8f0a1c";

  final String id;
  final SubmitRequest request;
  final long startTime;
  final Path logFile;

  Status status = Status.PENDING;
  String message;
  String errorType;
  Long endTime;
  Integer driverExitCode;
  boolean launched;
  boolean stopRequested;
  Process process;
  Map<String, String> envVars = Map.of();

  StandInJob(String id, SubmitRequest request, Path logFile) {
    this.id = id;
    this.request = request;
    this.startTime = System.currentTimeMillis();
    this.logFile = logFile;
    this.message = RayTexts.pendingMessage(request);
  }

  void end(Status terminal, String message, String errorType, Integer exitCode) {
    this.status = terminal;
    this.message = message;
    this.errorType = errorType;
    this.driverExitCode = exitCode;
    this.endTime = System.currentTimeMillis();
  }

  /** Ray's {@code JobDetails} with its fields in Ray's order, nulls included. */
  ObjectNode details(ObjectMapper json) {
    ObjectNode n = json.createObjectNode();
    n.put("type", "SUBMISSION");
    n.putNull("job_id");
    n.put("submission_id", id);
    n.putNull("driver_info");
    n.put("status", status.name());
    n.put("entrypoint", request.entrypoint());
    n.put("message", message);
    n.put("error_type", errorType);
    n.put("start_time", startTime);
    n.put("end_time", endTime);
    n.set("metadata", request.metadata() == null ? json.nullNode() : json.valueToTree(request.metadata()));
    n.set("runtime_env", request.runtimeEnv() == null ? json.nullNode() : request.runtimeEnv());
    n.put("driver_agent_http_address", launched ? "http://127.0.0.1:52365" : null);
    n.put("driver_node_id", launched ? NODE_ID : null);
    n.put("driver_exit_code", driverExitCode);
    return n;
  }

  RayJobRecord record() {
    return new RayJobRecord(
        id,
        status,
        request.entrypoint(),
        message,
        Optional.ofNullable(errorType),
        driverExitCode == null ? OptionalInt.empty() : OptionalInt.of(driverExitCode),
        envVars,
        request.rawBody());
  }

  /** The runtime env's {@code env_vars}; throws if it is not an object of strings. */
  Map<String, String> runtimeEnvVars() {
    Map<String, String> vars = new LinkedHashMap<>();
    ObjectNode env = request.runtimeEnv();
    JsonNode node = env == null ? null : env.get("env_vars");
    if (node == null || node.isNull()) {
      return vars;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("env_vars must be a Dict[str, str], got " + SubmitRequest.pythonType(node));
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw new IllegalArgumentException(
            "env_vars values must be strings, got " + SubmitRequest.pythonType(e.getValue())
                + " for '" + e.getKey() + "'");
      }
      vars.put(e.getKey(), e.getValue().textValue());
    }
    return vars;
  }

  /** The whole log file, "" before the job started. */
  String logs() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** The last {@code n} lines of the log, at most 20,000 characters, as Ray quotes them. */
  String lastLines(int n) {
    Deque<String> tail = new ArrayDeque<>();
    for (String line : List.of(logs().split("\n", -1))) {
      tail.addLast(line);
      if (tail.size() > n + 1) {
        tail.removeFirst();
      }
    }
    if (!tail.isEmpty() && tail.peekLast().isEmpty()) {
      tail.removeLast();
    }
    while (tail.size() > n) {
      tail.removeFirst();
    }
    String text = String.join("\n", tail);
    return text.length() > 20_000 ? text.substring(text.length() - 20_000) : text;
  }
}
