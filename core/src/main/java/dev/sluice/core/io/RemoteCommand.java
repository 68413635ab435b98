package dev.sluice.core.io;

import dev.sluice.core.model.TaskBody;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.AttemptStaging;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The process a remote executor starts for one attempt: a JVM task runs the task runner ({@value
 * #RUNNER_CLASS}) behind the executor's Java launcher; a command task runs its own command. The
 * environment carries the attempt's identity and where its inputs and outputs are, never
 * credentials: each executor injects those its own way (Secret references, cluster settings).
 *
 * @param argv the command line
 * @param env the environment variables to set (task placement env included)
 */
public record RemoteCommand(List<String> argv, Map<String, String> env) {
  /** The task runner's main class, in {@code sluice-runtime}. */
  public static final String RUNNER_CLASS = "dev.sluice.runtime.TaskRunner";

  /**
   * The environment variable that gives the task runner the code of the body the engine means
   * ({@link dev.sluice.core.model.BodyId#code()}), so that it refuses a catalog task of the same
   * name with another body.
   */
  public static final String TASK_BODY_ENV = "SLUICE_TASK_BODY";

  public RemoteCommand {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
  }

  /**
   * The command for {@code attempt}, whose inputs were staged at {@code inputsUri}. {@code
   * jvmLauncher} starts a JVM with the user's classes, e.g. {@code ["java", "-cp", "/app/lib/*"]};
   * it is ignored for command tasks.
   */
  public static RemoteCommand forAttempt(Attempt attempt, URI inputsUri, List<String> jvmLauncher) {
    Objects.requireNonNull(attempt, "attempt");
    Objects.requireNonNull(inputsUri, "inputsUri");
    Objects.requireNonNull(jvmLauncher, "jvmLauncher");
    AttemptStaging staging = attempt.staging();
    Map<String, String> env = new LinkedHashMap<>(attempt.task().placement().environment());
    List<String> argv = new ArrayList<>();
    String inputs = location(inputsUri);
    String outputs = location(staging.outputsUri());
    if (attempt.task().body() instanceof TaskBody.Command c) {
      env.putAll(c.environment());
      argv.addAll(c.command());
    } else {
      if (jvmLauncher.isEmpty()) {
        throw new IllegalArgumentException(
            "task '" + attempt.task().name() + "' is a JVM task: the executor needs a Java launcher"
                + " (e.g. [java, -cp, /app/lib/*]) to start the task runner");
      }
      argv.addAll(jvmLauncher);
      argv.addAll(List.of(RUNNER_CLASS, "--task", attempt.task().name(), "--inputs", inputs,
          "--outputs", outputs));
      // The runner finds the task by name; this lets it refuse another body under that name.
      env.put(TASK_BODY_ENV, attempt.task().body().id().code());
    }
    env.put("SLUICE_STORE_URI", staging.storeRoot().toString());
    env.put("SLUICE_INPUTS_URI", inputs);
    env.put("SLUICE_OUTPUTS_URI", outputs);
    env.put("SLUICE_ERROR_URI", location(staging.errorUri()));
    env.put("SLUICE_TASK", attempt.task().name());
    env.put("SLUICE_RUN_ID", attempt.runId());
    env.put("SLUICE_WORKFLOW", attempt.workflowName());
    env.put("SLUICE_NODE", attempt.nodePath());
    env.put("SLUICE_ATTEMPT", String.valueOf(attempt.attempt()));
    env.put("SLUICE_ATTEMPT_NAME", attempt.attemptName());
    env.putAll(attempt.environment());
    return new RemoteCommand(argv, env);
  }

  /** A file URI as a plain path (what a script can open); other URIs as they are. */
  private static String location(URI uri) {
    return "file".equals(uri.getScheme()) ? Path.of(uri).toString() : uri.toString();
  }
}
