package dev.sluice.core.spi;

import dev.sluice.core.model.TaskMetrics;
import dev.sluice.core.model.TaskSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** An attempt with more environment variables, forwarding everything else to the attempt it wraps. */
final class EnvironmentAttempt implements Attempt {
  private final Attempt attempt;
  private final Map<String, String> environment;

  EnvironmentAttempt(Attempt attempt, Map<String, String> extra) {
    this.attempt = Objects.requireNonNull(attempt, "attempt");
    Map<String, String> all = new LinkedHashMap<>(attempt.environment());
    all.putAll(Objects.requireNonNull(extra, "extra"));
    this.environment = Map.copyOf(all);
  }

  @Override
  public Map<String, String> environment() {
    return environment;
  }

  @Override
  public TaskSpec task() {
    return attempt.task();
  }

  @Override
  public Object[] inputs() {
    return attempt.inputs();
  }

  @Override
  public Path directory() {
    return attempt.directory();
  }

  @Override
  public AttemptStaging staging() {
    return attempt.staging();
  }

  @Override
  public String executor() {
    return attempt.executor();
  }

  @Override
  public void runsUntil(java.util.concurrent.CompletionStage<?> ended) {
    attempt.runsUntil(ended);
  }

  @Override
  public void submitted(boolean reattached) {
    attempt.submitted(reattached);
  }

  @Override
  public String runId() {
    return attempt.runId();
  }

  @Override
  public String workflowName() {
    return attempt.workflowName();
  }

  @Override
  public String nodePath() {
    return attempt.nodePath();
  }

  @Override
  public int attempt() {
    return attempt.attempt();
  }

  @Override
  public String attemptName() {
    return attempt.attemptName();
  }

  @Override
  public TaskMetrics metrics() {
    return attempt.metrics();
  }

  @Override
  public String toString() {
    return attempt.toString();
  }
}
