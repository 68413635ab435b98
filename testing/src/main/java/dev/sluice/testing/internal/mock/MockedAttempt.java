package dev.sluice.testing.internal.mock;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.model.Invoker;
import dev.sluice.core.model.Placement;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.ForwardingAttempt;
import java.util.Map;

/**
 * An attempt whose task body is a mock's answer, placed on the local executor: the answer runs on
 * the engine's task threads (cancellation interrupts it) wherever the real task would have run.
 * Everything else is the real attempt's, its metrics recorder included: an answer that records
 * through {@code TaskContext.current().metrics()} stores its samples with the run like a real body.
 */
final class MockedAttempt extends ForwardingAttempt {
  private final TaskSpec task;

  MockedAttempt(Attempt attempt, Invoker answer) {
    super(attempt);
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

  /** The answer runs on the local executor, whatever executor the real task names. */
  @Override
  public String executor() {
    return Engine.LOCAL;
  }

  /** A JVM answer on local threads has no process to pass variables to. */
  @Override
  public Map<String, String> environment() {
    return Map.of();
  }

  /** Nothing is submitted anywhere: the answer runs here. */
  @Override
  public void submitted(boolean reattached) {}
}
