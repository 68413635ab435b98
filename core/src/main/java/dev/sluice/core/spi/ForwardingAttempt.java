package dev.sluice.core.spi;

import dev.sluice.core.model.TaskMetrics;
import dev.sluice.core.model.TaskSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * An attempt that forwards every method to another one; subclasses override what they change (an
 * interceptor's extra environment, a test kit's mocked body). A method added to {@link Attempt} or
 * {@code TaskContext} is forwarded here once, for every wrapper.
 */
public abstract class ForwardingAttempt implements Attempt {
  private final Attempt delegate;

  /** Forwards to {@code delegate}. */
  protected ForwardingAttempt(Attempt delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The attempt this one forwards to. */
  protected final Attempt delegate() {
    return delegate;
  }

  @Override
  public TaskSpec task() {
    return delegate.task();
  }

  @Override
  public Object[] inputs() {
    return delegate.inputs();
  }

  @Override
  public Path directory() {
    return delegate.directory();
  }

  @Override
  public AttemptStaging staging() {
    return delegate.staging();
  }

  @Override
  public String executor() {
    return delegate.executor();
  }

  @Override
  public Map<String, String> environment() {
    return delegate.environment();
  }

  @Override
  public void runsUntil(CompletionStage<?> ended) {
    delegate.runsUntil(ended);
  }

  @Override
  public void submitted(boolean reattached) {
    delegate.submitted(reattached);
  }

  @Override
  public BodyScope openBodyScope() {
    return delegate.openBodyScope();
  }

  @Override
  public String runId() {
    return delegate.runId();
  }

  @Override
  public String workflowName() {
    return delegate.workflowName();
  }

  @Override
  public String nodePath() {
    return delegate.nodePath();
  }

  @Override
  public int attempt() {
    return delegate.attempt();
  }

  @Override
  public String attemptName() {
    return delegate.attemptName();
  }

  @Override
  public TaskMetrics metrics() {
    return delegate.metrics();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
