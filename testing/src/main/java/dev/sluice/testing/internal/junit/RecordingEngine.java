package dev.sluice.testing.internal.junit;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.engine.ResumeOptions;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.testing.internal.mock.MockRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine a test receives (and {@code mocks.engine(...)} builds): the real engine, with every
 * run's events recorded on its handle, every run it starts added to the test's {@link LaunchLog}
 * (whoever started it: the test, a launch plan, a trigger) and, in strict mode, unmocked tasks
 * refused before the run starts.
 */
public final class RecordingEngine implements Engine {
  private final Engine engine;
  private final MockRegistry mocks;
  private final LaunchLog launched;

  public RecordingEngine(Engine engine, MockRegistry mocks, LaunchLog launched) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.mocks = Objects.requireNonNull(mocks, "mocks");
    this.launched = Objects.requireNonNull(launched, "launched");
  }

  /** Records {@code run} as launched and returns it. */
  private <O> RunHandle<O> launched(RecordedRun<O> run) {
    launched.add(run);
    return run;
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
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    return launched(new RecordedRun<>(engine.run(workflow, input, recording(options, events)), events));
  }

  @Override
  public RunHandle<Object> run(WorkflowSpec spec, Object input, RunOptions options) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(options, "options (use RunOptions.DEFAULT)");
    mocks.checkBeforeRun(spec);
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    return launched(new RecordedRun<>(engine.run(spec, input, recording(options, events)), events));
  }

  /** {@code options} plus a listener adding every event of the run to {@code events}. */
  private static RunOptions recording(RunOptions options, List<RunEvent> events) {
    List<RunListener> listeners = new ArrayList<>(options.listeners());
    listeners.add(RunListener.of(events::add));
    return new RunOptions(options.failurePolicy(), options.labels(), listeners, options.origin(), options.deadline(),
        options.priority(), options.runKey());
  }

  @Override
  public RunHandle<Object> resume(String runId, ResumeOptions options) {
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    return launched(new RecordedRun<>(engine.resume(runId, recording(options, events)), events));
  }

  @Override
  public RunHandle<Object> recover(String runId, ResumeOptions options) {
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    return launched(new RecordedRun<>(engine.recover(runId, recording(options, events)), events));
  }

  private static ResumeOptions recording(ResumeOptions options, List<RunEvent> events) {
    List<RunListener> listeners = new ArrayList<>(options.listeners());
    listeners.add(RunListener.of(events::add));
    return new ResumeOptions(options.workflow(), options.journaledSpec(), listeners);
  }

  @Override
  public RunJournal journal() {
    return engine.journal();
  }

  @Override
  public RunHandle<Object> fork(String runId, dev.sluice.core.engine.ForkOptions options) {
    return engine.fork(runId, options);
  }

  @Override
  public dev.sluice.core.engine.SignalOutcome signal(String runId, String gate, Object payload, String signalId) {
    return engine.signal(runId, gate, payload, signalId);
  }

  @Override
  public List<dev.sluice.core.engine.WaitingGate> waitingGates(String runId) {
    return engine.waitingGates(runId);
  }

  @Override
  public ArtifactStore store() {
    return engine.store();
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
