package dev.sluice.runtime;

import dev.sluice.core.model.TaskContext;
import dev.sluice.core.model.TaskSpec;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Wraps the task body the {@link TaskRunner} runs, e.g. in a tracing span that joins the run's
 * trace from the {@code TRACEPARENT} the engine put in the environment ({@code
 * sluice-opentelemetry} provides one). Found with {@link java.util.ServiceLoader}: list an
 * implementation in {@code META-INF/services/dev.sluice.runtime.RunnerHook}. Hooks nest in the
 * order the loader finds them.
 */
public interface RunnerHook {

  /**
   * Runs {@code body} (exactly once) and returns what it returns, or throws what it throws.
   *
   * @param context the attempt: run, workflow, node, attempt
   * @param task the task about to run
   * @param environment the process environment the engine set ({@code SLUICE_*}, the trace context)
   */
  Object around(TaskContext context, TaskSpec task, Map<String, String> environment, Callable<Object> body)
      throws Exception;
}
