package dev.sluice.testing.internal.junit;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.testing.internal.mock.MockRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The engine a test receives: the real engine, with every run's events recorded on its handle and,
 * in strict mode, unmocked tasks refused before the run starts.
 */
final class RecordingEngine implements Engine {
  private final Engine engine;
  private final MockRegistry mocks;

  RecordingEngine(Engine engine, MockRegistry mocks) {
    this.engine = engine;
    this.mocks = mocks;
  }

  @Override
  public <I, O> RunHandle<O> run(WorkflowDefinition<I, O> workflow, I input) {
    return run(workflow, input, RunOptions.DEFAULT);
  }

  @Override
  public <I, O> RunHandle<O> run(WorkflowDefinition<I, O> workflow, I input, RunOptions options) {
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(options, "options (use RunOptions.DEFAULT)");
    mocks.checkBeforeRun(workflow.spec());
    EventLog log = new EventLog();
    return new RecordedRun<>(engine.run(workflow, input, recording(options, log)), log);
  }

  @Override
  public RunHandle<Object> run(WorkflowSpec spec, Object input, RunOptions options) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(options, "options (use RunOptions.DEFAULT)");
    mocks.checkBeforeRun(spec);
    EventLog log = new EventLog();
    return new RecordedRun<>(engine.run(spec, input, recording(options, log)), log);
  }

  private static RunOptions recording(RunOptions options, EventLog log) {
    List<RunListener> listeners = new ArrayList<>(options.listeners());
    listeners.add(log);
    return new RunOptions(options.failurePolicy(), options.labels(), listeners);
  }

  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return "test engine over " + engine;
  }
}
