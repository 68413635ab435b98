package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.ResumeOptions;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.internal.model.CompiledWorkflow;
import dev.sluice.core.journal.JournalRecord.RunStarted;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.model.TaskCatalog;
import dev.sluice.core.model.WorkflowSpec;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;

/**
 * Starts a journaled run again. {@link #resume} continues an unfinished run under its own id, in
 * its own journal: what ended stays ended. {@link #recover} starts a new run of a failed one that
 * reuses every output the failed run produced and runs only what failed or never ran.
 */
final class Resumptions {
  private final DefaultEngine engine;
  private final Durability durability;

  private Resumptions(DefaultEngine engine, Durability durability) {
    this.engine = engine;
    this.durability = durability;
  }

  /** The engine's resumptions; refused with the fix when it has no run store. */
  static Resumptions of(DefaultEngine engine, String what) {
    if (engine.durability == null) {
      throw new IllegalStateException(
          "engine." + what + "(...) needs a run store, and this engine has none. Fix: build it with "
              + "Engine.builder().runStore(RunStores.filesystem(dir)) (or RunStores.over(store) for S3)");
    }
    return new Resumptions(engine, engine.durability);
  }

  RunJournal journal() {
    return durability.journal();
  }

  RunHandle<Object> resume(String runId, ResumeOptions options) {
    RunHistory history = history(runId);
    RunStarted start = history.start();
    if (history.state() == RunState.SUCCEEDED) {
      Type output = options.workflow().or(() -> durability.workflow(start.workflow()))
          .<Type>map(WorkflowSpec::outputType).orElse(Object.class);
      return EndedRun.of(history, durability, output);
    }
    if (history.state().isTerminal()) {
      throw new IllegalStateException(
          "run " + runId + " of workflow '" + start.workflow() + "' already ended " + history.state() + " at "
              + history.ended().orElseThrow() + "; resume continues unfinished runs only. Fix: engine.recover(\""
              + runId + "\") starts a new run that reuses its succeeded nodes");
    }
    CompiledWorkflow spec = spec(history, options, "resume");
    Object input = durability.decode(start.inputJson(), spec.inputType(), "the journaled input of run " + runId);
    engine.runnable(spec, input);
    return engine.launch(
        spec, input, spec.failurePolicy(), start.labels(), options.listeners(),
        new Run.Life(runId, start.at(), Durability.byPath(history.nodes()), history),
        run -> durability.openResumed(run, history),
        start.deadline().orElse(null), // measured from the journaled start, as the late timer counts from it
        0); // a run's priority is not journaled: a resumed run waits at the default priority
  }

  RunHandle<Object> recover(String runId, ResumeOptions options) {
    RunHistory history = history(runId);
    RunStarted start = history.start();
    if (history.state() == RunState.RUNNING) {
      throw new IllegalStateException(
          "run " + runId + " of workflow '" + start.workflow() + "' has not ended; recover starts over from a run "
              + "that failed. Fix: engine.resume(\"" + runId + "\") continues it (once its owner's lease lapses)");
    }
    if (history.state() == RunState.SUCCEEDED) {
      throw new IllegalStateException(
          "run " + runId + " of workflow '" + start.workflow() + "' succeeded; there is nothing to recover");
    }
    CompiledWorkflow spec = spec(history, options, "recover");
    Object input = durability.decode(start.inputJson(), spec.inputType(), "the journaled input of run " + runId);
    engine.runnable(spec, input);
    List<NodeHistory> succeeded =
        history.nodes().stream().filter(n -> n.state().hasOutput() && n.outputJson().isPresent()).toList();
    return engine.launch(
        spec, input, spec.failurePolicy(), start.labels(), options.listeners(),
        new Run.Life(null, null, Durability.byPath(succeeded)),
        run -> durability.openNew(run, spec, start.inputJson(), Origin.recovery(runId), Optional.of(runId)));
  }

  RunHandle<Object> fork(String runId, dev.sluice.core.engine.ForkOptions options) {
    return new Forks(engine, durability, this).fork(runId, options);
  }

  RunHistory history(String runId) {
    var records = durability.store.read(runId);
    if (records.isEmpty()) {
      throw new IllegalArgumentException(
          "no run '" + runId + "' in " + durability.store + "; list runs with engine.journal().runs(RunQuery.all())");
    }
    return RunHistory.of(records);
  }

  /**
   * The spec to run: the workflow at hand (given, or registered under the journaled name) when its
   * JSON is the journaled one; otherwise refused, or, when asked, the journaled spec itself with the
   * tasks of the workflow at hand.
   */
  CompiledWorkflow spec(RunHistory history, ResumeOptions options, String what) {
    RunStarted start = history.start();
    WorkflowSpec current =
        options.workflow()
            .or(() -> durability.workflow(start.workflow()))
            .orElseThrow(() -> new IllegalArgumentException(
                "cannot " + what + " run " + start.runId() + ": this engine does not know workflow '" + start.workflow()
                    + "'. Fix: register it with Engine.builder().workflows(...) or pass it with "
                    + "ResumeOptions.builder().workflow(...)"));
    if (!current.name().equals(start.workflow())) {
      throw new IllegalArgumentException(
          "run " + start.runId() + " is a run of workflow '" + start.workflow() + "', not of '" + current.name() + "'");
    }
    WorkflowSpec chosen = current;
    if (!durability.specJson(current).equals(start.specJson())) {
      if (!options.journaledSpec()) {
        throw new IllegalStateException(
            "cannot " + what + " run " + start.runId() + ": workflow '" + start.workflow() + "' changed since the run "
                + "started (journaled version " + start.version() + ", now " + current.version() + "; "
                + SpecDiff.describe(start.specJson(), durability.specJson(current)) + "). Fix: run the version it "
                + "started with, or ask for ResumeOptions.builder().journaledSpec() to run the journaled DAG with "
                + "today's task code");
      }
      chosen = WorkflowSpec.fromJson(start.specJson(), TaskCatalog.ofWorkflows(current));
    }
    return (CompiledWorkflow) chosen;
  }
}
