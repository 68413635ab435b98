package dev.sluice.console.ops.internal;

import dev.sluice.console.ops.Action;
import dev.sluice.console.ops.ForkAction;
import dev.sluice.console.ops.GateAction;
import dev.sluice.console.ops.OperationException;
import dev.sluice.console.ops.OperationException.Kind;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.launch.LaunchPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Carries each kind of {@link Action} out: the one place a new kind is handled. Refusals are
 * {@link OperationException}s naming why; the caller journals the outcome either way.
 */
final class ActionRunner {

  /** What an action did, in words, and the run it concerns. */
  record Done(String message, Optional<String> runId) {}

  private final DefaultOperations.Config config;
  private final Function<String, RunHistory> history;
  private final UnaryOperator<String> track;
  private final GateOps gates;
  private final ForkOps forks;

  ActionRunner(DefaultOperations.Config config, Function<String, RunHistory> history, UnaryOperator<String> track,
      GateOps gates, ForkOps forks) {
    this.config = config;
    this.history = history;
    this.track = track;
    this.gates = gates;
    this.forks = forks;
  }

  /** Carries {@code action} out; without an engine only gate actions and cancel reach here. */
  Done perform(Action action, String actor) {
    Engine engine = config.engine();
    if (action instanceof GateAction g) {
      RunHistory h = history.apply(g.runId());
      return new Done(gates.send(g, h, actor), Optional.of(g.runId()));
    }
    if (action instanceof ForkAction f) {
      String id = forks.fork(f, history.apply(f.runId()));
      track.apply(id);
      return new Done("forked run " + f.runId() + " from node '" + f.fromNode() + "' as new run " + id
          + (f.input().isEmpty() ? "" : " with input changes " + f.input().keySet()), Optional.of(id));
    }
    if (action instanceof Action.Cancel c) {
      return cancel(engine, c.runId(), actor);
    }
    if (action instanceof Action.Resume r) {
      RunHistory h = history.apply(r.runId());
      String id = Engines.call(() -> engine.resume(h.runId()).runId(), "resume", r.runId());
      return new Done("resumed run " + id + " in this engine", Optional.of(track.apply(id)));
    }
    if (action instanceof Action.Recover r) {
      history.apply(r.runId());
      String id = Engines.call(() -> engine.recover(r.runId()).runId(), "recover", r.runId());
      track.apply(id);
      return new Done("recovered run " + r.runId() + " as new run " + id, Optional.of(id));
    }
    Action.Launch l = (Action.Launch) action;
    LaunchPlan<?, ?> plan = plan(l.plan());
    String id = Engines.call(() -> plan.launch(engine).runId(), "launch", l.plan());
    return new Done("launched plan '" + l.plan() + "' as run " + id, Optional.of(track.apply(id)));
  }

  /**
   * A run of the attached engine is cancelled at once; a run another engine holds (or none, when no
   * engine is attached) gets a cancel request in the store, which the engine holding it honours.
   */
  private Done cancel(Engine engine, String runId, String actor) {
    RunHistory h = history.apply(runId);
    var handle = engine == null ? Optional.<dev.sluice.core.engine.RunHandle<Object>>empty() : engine.activeRun(runId);
    if (handle.isEmpty()) {
      if (h.state().isTerminal()) {
        throw new OperationException(Kind.CONFLICT, "run '" + runId + "' already ended " + h.state() + "; nothing to cancel");
      }
      try {
        config.journal().requestCancel(runId, actor, "cancel asked through the console");
      } catch (IllegalStateException e) {
        throw new OperationException(Kind.CONFLICT, e.getMessage());
      }
      return new Done("REQUESTED: run " + runId + " is not run by " + (engine == null ? "this console (no engine is"
          + " attached)" : "this console's engine") + "; a cancel request is kept in the run store, and the engine"
          + " that holds the run (" + h.start().owner() + " started it) cancels it at its next look (a third of its"
          + " lease's time to live, 10 s by default)", Optional.of(runId));
    }
    if (!handle.get().cancel()) {
      throw new OperationException(Kind.CONFLICT, "run '" + runId + "' ended before it could be cancelled");
    }
    return new Done("cancelled run " + runId, Optional.of(runId));
  }

  private LaunchPlan<?, ?> plan(String name) {
    List<String> names = new ArrayList<>();
    for (LaunchPlan<?, ?> p : config.plans()) {
      if (p.name().equals(name)) {
        return p;
      }
      names.add(p.name());
    }
    throw new OperationException(Kind.NOT_FOUND, "no launch plan '" + name + "'; plans: " + names);
  }
}
