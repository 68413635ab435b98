package dev.sluice.testing.internal.mock;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.model.Invoker;
import dev.sluice.core.model.Placement;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.model.TaskMetrics;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.AttemptStaging;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

/**
 * An attempt whose task body is a mock's answer, placed on the local executor: the answer runs on
 * the engine's task threads (cancellation interrupts it) wherever the real task would have run.
 * Everything else is the real attempt's, its metrics recorder included: an answer that records
 * through {@code TaskContext.current().metrics()} stores its samples with the run like a real body.
 */
final class MockedAttempt implements Attempt {
  private final Attempt attempt;
  private final TaskSpec task;

  MockedAttempt(Attempt attempt, Invoker answer) {
    this.attempt = attempt;
    TaskSpec real = attempt.task();
    Placement p = real.placement();
    this.task =
        real.toBuilder()
            .body(new TaskBody.Jvm(answer, real.body().id())) // stands in for that body
            .placement(new Placement(Engine.LOCAL, p.image(), p.nodeSelector(), p.tolerations(), p.environment()))
            .build();
  }

  @Override
  public TaskSpec task() {
    return task;
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
  public void runsUntil(CompletionStage<?> ended) {
    attempt.runsUntil(ended);
  }

  @Override
  public TaskMetrics metrics() {
    return attempt.metrics();
  }
}
