package dev.sluice.executor.ray.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.io.RemoteCommand;
import dev.sluice.core.model.Resources;
import dev.sluice.core.spi.Attempt;
import dev.sluice.executor.ray.RayConfig;
import dev.sluice.executor.ray.RayRuntimeEnv;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code POST /api/jobs/} body of one attempt: only fields that are set, none null, and only
 * fields the cluster's Ray version knows (a task that needs a newer field fails with the reason).
 */
final class SubmitBodies {
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private final RayConfig config;
  private final RayVersion version;
  private final String rayVersion;
  private final ObjectMapper json;

  SubmitBodies(RayConfig config, String rayVersion, ObjectMapper json) {
    this.config = config;
    this.rayVersion = rayVersion;
    this.version = RayVersion.parse(rayVersion);
    this.json = json;
  }

  String body(Attempt attempt, RemoteCommand command) {
    ObjectNode body = json.createObjectNode();
    body.put("entrypoint", shellCommand(command.argv()));
    body.put("submission_id", attempt.attemptName());
    body.set("runtime_env", runtimeEnv(attempt, command));
    ObjectNode metadata = body.putObject("metadata");
    metadata.put("sluice.workflow", attempt.workflowName());
    metadata.put("sluice.run", attempt.runId());
    metadata.put("sluice.node", attempt.nodePath());
    metadata.put("sluice.attempt", String.valueOf(attempt.attempt()));
    metadata.put("sluice.task", attempt.task().name());
    resources(attempt, body);
    return body.toString();
  }

  private ObjectNode runtimeEnv(Attempt attempt, RemoteCommand command) {
    RayRuntimeEnv env = config.runtimeEnvFor(attempt.task().name());
    ObjectNode node = json.createObjectNode();
    env.workingDir().ifPresent(dir -> node.put("working_dir", dir));
    if (!env.pyModules().isEmpty()) {
      env.pyModules().forEach(node.putArray("py_modules")::add);
    }
    if (!env.pip().isEmpty()) {
      env.pip().forEach(node.putArray("pip")::add);
    }
    String image = attempt.task().placement().image();
    if (image != null) {
      node.put("image_uri", image);
    } else {
      env.imageUri().ifPresent(uri -> node.put("image_uri", uri));
    }
    Map<String, String> vars = new LinkedHashMap<>(env.envVars());
    vars.putAll(config.storeEnvironment());
    config.storeCredentials().ifPresent(c -> {
      vars.put("AWS_ACCESS_KEY_ID", c.accessKeyId());
      vars.put("AWS_SECRET_ACCESS_KEY", c.secretAccessKey());
    });
    vars.putAll(command.env());
    ObjectNode envVars = node.putObject("env_vars");
    vars.forEach(envVars::put);
    env.setupTimeout().ifPresent(t -> node.putObject("config").put("setup_timeout_seconds", t.toSeconds()));
    return node;
  }

  private void resources(Attempt attempt, ObjectNode body) {
    Resources r = attempt.task().resources();
    String task = attempt.task().name();
    if (r.cpu() > 0) {
      require(2, 2, task, "cpu", "entrypoint_num_cpus");
      body.put("entrypoint_num_cpus", r.cpu());
    }
    if (r.gpu() > 0) {
      require(2, 2, task, "gpu", "entrypoint_num_gpus");
      body.put("entrypoint_num_gpus", r.gpu());
    }
    if (r.memoryBytes() > 0) {
      require(2, 8, task, "memory", "entrypoint_memory");
      body.put("entrypoint_memory", r.memoryBytes());
    }
    if (!r.custom().isEmpty()) {
      require(2, 2, task, "custom resources", "entrypoint_resources");
      ObjectNode custom = body.putObject("entrypoint_resources");
      r.custom().forEach(custom::put);
    }
    Map<String, String> selector = attempt.task().placement().nodeSelector();
    if (!selector.isEmpty()) {
      require(2, 54, task, "a node selector", "entrypoint_label_selector");
      ObjectNode labels = body.putObject("entrypoint_label_selector");
      selector.forEach(labels::put);
    }
  }

  private void require(int major, int minor, String task, String what, String field) {
    if (version == null || !version.atLeast(major, minor)) {
      throw new IllegalArgumentException(
          "task '" + task + "' asks for " + what + ", but the Ray cluster at " + config.address() + " runs Ray "
              + rayVersion + ", which accepts " + field + " from Ray " + major + "." + minor
              + ": upgrade the cluster or remove the request from the task");
    }
  }

  /** The argv as one {@code sh -c} string, each word quoted unless plainly safe. */
  static String shellCommand(List<String> argv) {
    return argv.stream()
        .map(arg -> SHELL_SAFE.matcher(arg).matches() && !arg.contains("=") ? arg : quote(arg))
        .collect(Collectors.joining(" "));
  }

  private static String quote(String arg) {
    return "'" + arg.replace("'", "'\"'\"'") + "'";
  }
}
