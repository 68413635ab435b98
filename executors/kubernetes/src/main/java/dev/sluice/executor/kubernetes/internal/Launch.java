package dev.sluice.executor.kubernetes.internal;

import dev.sluice.core.model.TaskBody;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.AttemptStaging;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an attempt's container runs: the argv (the task runner for a JVM task, the command for a
 * command task) and the plain environment that tells it where its inputs and outputs are. The one
 * place that decides how a remote attempt starts.
 *
 * @param argv the container's command
 * @param env plain variables (never secrets)
 */
record Launch(List<String> argv, Map<String, String> env) {
  static final String TASK_RUNNER = "dev.sluice.runtime.TaskRunner";

  Launch {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
  }

  static Launch of(Attempt attempt, AttemptStaging staging, List<String> jvmLauncher) {
    URI inputsUri = staging.inputsUri();
    Map<String, String> env = new LinkedHashMap<>(attempt.task().placement().environment());
    List<String> argv = new ArrayList<>();
    TaskBody body = attempt.task().body();
    if (body instanceof TaskBody.Command command) {
      env.putAll(command.environment());
      argv.addAll(command.command());
    } else {
      argv.addAll(jvmLauncher);
      argv.addAll(List.of(TASK_RUNNER, "--task", attempt.task().name(),
          "--inputs", inputsUri.toString(), "--outputs", staging.outputsUri().toString()));
    }
    env.put("SLUICE_STORE_URI", staging.storeRoot().toString());
    env.put("SLUICE_INPUTS_URI", inputsUri.toString());
    env.put("SLUICE_OUTPUTS_URI", staging.outputsUri().toString());
    env.put("SLUICE_ERROR_URI", staging.errorUri().toString());
    env.put("SLUICE_RUN_ID", attempt.runId());
    env.put("SLUICE_WORKFLOW", attempt.workflowName());
    env.put("SLUICE_NODE", attempt.nodePath());
    env.put("SLUICE_ATTEMPT", String.valueOf(attempt.attempt()));
    env.put("SLUICE_ATTEMPT_NAME", attempt.attemptName());
    return new Launch(argv, env);
  }
}
