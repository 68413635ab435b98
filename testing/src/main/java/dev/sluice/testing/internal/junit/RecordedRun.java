package dev.sluice.testing.internal.junit;

import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/** A run started on a test engine: the engine's handle plus every event of the run. */
public final class RecordedRun<O> implements RunHandle<O> {
  private final RunHandle<O> run;
  private final List<RunEvent> events;

  /** {@code events} is the list the run's listener fills. */
  RecordedRun(RunHandle<O> run, List<RunEvent> events) {
    this.run = run;
    this.events = events;
  }

  /** The run's events so far, in the order the engine published them. */
  public List<RunEvent> events() {
    return List.copyOf(events);
  }

  @Override
  public String runId() {
    return run.runId();
  }

  @Override
  public String workflowName() {
    return run.workflowName();
  }

  @Override
  public O await() {
    return run.await();
  }

  @Override
  public O await(Duration timeout) throws TimeoutException {
    return run.await(timeout);
  }

  @Override
  public CompletionStage<O> completion() {
    return run.completion();
  }

  @Override
  public RunStatus status() {
    return run.status();
  }

  @Override
  public boolean isDone() {
    return run.isDone();
  }

  @Override
  public boolean cancel() {
    return run.cancel();
  }

  @Override
  public String toString() {
    return run.toString();
  }
}
