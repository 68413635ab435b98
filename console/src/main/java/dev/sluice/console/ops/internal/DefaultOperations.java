package dev.sluice.console.ops.internal;

import dev.sluice.console.ops.Action;
import dev.sluice.console.ops.ActionRecord;
import dev.sluice.console.ops.ActionRecord.Outcome;
import dev.sluice.console.ops.DagView;
import dev.sluice.console.ops.ErrorView;
import dev.sluice.console.ops.EventEndpoint;
import dev.sluice.console.ops.HistoryEntry;
import dev.sluice.console.ops.NodeView;
import dev.sluice.console.ops.OperationException;
import dev.sluice.console.ops.OperationException.Kind;
import dev.sluice.console.ops.Operations;
import dev.sluice.console.ops.PlanView;
import dev.sluice.console.ops.RunDetail;
import dev.sluice.console.ops.RunFilter;
import dev.sluice.console.ops.RunPage;
import dev.sluice.console.ops.RunRow;
import dev.sluice.console.ops.TriggerView;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.trigger.EventTrigger;
import dev.sluice.core.trigger.MetricTrigger;
import dev.sluice.core.trigger.TriggerEvaluation;
import dev.sluice.core.trigger.TriggerService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operations layer over a run journal, with an engine to act through when one is attached. */
public final class DefaultOperations implements Operations {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.console");
  private static final int RECENT = 20;

  /** What {@link Operations.Builder} collected; a null engine or trigger service: none. */
  public record Config(
      Engine engine,
      RunJournal journal,
      ArtifactStore store,
      TriggerService triggerService,
      List<LaunchPlan<?, ?>> plans,
      List<MetricTrigger<?>> triggers,
      Clock clock,
      Duration refreshEvery,
      Duration rescanEvery,
      boolean indexNow,
      List<EventTrigger<?>> eventTriggers,
      Map<String, EventEndpoint> endpoints) {

    /** A configuration with no event trigger and no webhook. */
    public Config(
        Engine engine, RunJournal journal, ArtifactStore store, TriggerService triggerService,
        List<LaunchPlan<?, ?>> plans, List<MetricTrigger<?>> triggers, Clock clock, Duration refreshEvery,
        Duration rescanEvery, boolean indexNow) {
      this(engine, journal, store, triggerService, plans, triggers, clock, refreshEvery, rescanEvery, indexNow, List.of(),
          Map.of());
    }
  }

  private final Config config;
  private final RunCatalog catalog;
  private final ActionLog actions;
  private final ScheduledExecutorService refresher;
  /** Adds the attached engine's runs to the index as they start and end. */
  private final RunListener indexer;

  public DefaultOperations(Config config) {
    this.config = config;
    this.catalog = new RunCatalog(config.journal());
    this.actions = new ActionLog(config.store());
    if (config.indexNow()) {
      catalog.rescan();
    }
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-console-index");
              t.setDaemon(true);
              return t;
            });
    long refresh = Math.max(1, config.refreshEvery().toMillis());
    long rescan = Math.max(1, config.rescanEvery().toMillis());
    refresher.scheduleWithFixedDelay(() -> quietly(() -> {
      if (loaded()) {
        catalog.refresh();
      }
    }), refresh, refresh, TimeUnit.MILLISECONDS);
    refresher.scheduleWithFixedDelay(() -> quietly(catalog::rescan), rescan, rescan, TimeUnit.MILLISECONDS);
    this.indexer =
        new RunListener() {
          @Override
          public void runStarted(RunEvent.RunStarted event) {
            later(() -> track(event.runId()));
          }

          @Override
          public void runFinished(RunEvent.RunFinished event) {
            later(() -> trackEnd(event.runId(), 20));
          }
        };
    if (config.engine() != null) {
      try {
        config.engine().addListener(indexer);
      } catch (UnsupportedOperationException e) {
        log.info("engine {} takes no listeners after it is built; its runs reach the index by the {} refresh",
            config.engine(), config.refreshEvery());
      }
    }
  }

  /** Runs {@code r} on the index's thread, unless this was closed (runs started before keep calling). */
  private void later(Runnable r) {
    try {
      refresher.execute(r);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // closed: the index is gone
    }
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.warn("refreshing the run index failed (the next refresh tries again): {}", e.toString());
    }
  }

  /** How many runs the index holds. */
  public int indexed() {
    return catalog.size();
  }

  @Override
  public boolean canAct() {
    return config.engine() != null;
  }

  private volatile boolean loaded;

  private boolean loaded() {
    return loaded || config.indexNow();
  }

  @Override
  public RunPage runs(RunFilter filter) {
    if (!loaded()) {
      synchronized (this) {
        if (!loaded) {
          catalog.rescan();
          loaded = true;
        }
      }
    }
    RunCatalog.Page page = catalog.page(filter);
    Instant now = config.clock().instant();
    List<RunRow> rows = new ArrayList<>(page.runs().size());
    for (RunSummary s : page.runs()) {
      rows.add(RunRow.of(s, now));
    }
    return new RunPage(rows, page.next());
  }

  private RunHistory history(String runId) {
    Checks.id("run id", runId);
    try {
      return config.journal().history(runId);
    } catch (IllegalArgumentException e) {
      throw new OperationException(
          Kind.NOT_FOUND, "no run '" + runId + "' in this run store; list runs with GET /api/runs or `sluice runs`");
    }
  }

  @Override
  public RunDetail run(String runId) {
    RunHistory h = history(runId);
    RunSummary summary = h.summary(Optional.empty());
    Optional<RunSummary> indexed = catalog.get(runId);
    if (indexed.isPresent() && indexed.get().state() == summary.state()) {
      summary = summary.withLease(indexed.get().lease());
    } else {
      catalog.put(summary);
    }
    Instant now = config.clock().instant();
    boolean live = config.engine() != null && config.engine().activeRun(runId).isPresent();
    return new RunDetail(
        RunRow.of(summary, now), h.start().recoveredFrom(), h.start().owner(), live,
        h.lastUpdate().flatMap(JournalRecord.RunUpdate::error).map(ErrorView::of),
        Optional.of(RunReader.cut(h.start().inputJson())), RunReader.nodes(h, now), actions.forRun(runId));
  }

  @Override
  public NodeView node(String runId, String path) {
    if (path == null || path.isEmpty() || path.length() > 1000) {
      throw new OperationException(Kind.INVALID, "a node path must have 1 to 1000 characters");
    }
    RunHistory h = history(runId);
    for (NodeView n : RunReader.nodes(h, config.clock().instant())) {
      if (n.path().equals(path)) {
        return n;
      }
    }
    List<String> known = new ArrayList<>();
    h.nodes().forEach(n -> known.add(n.path()));
    throw new OperationException(
        Kind.NOT_FOUND,
        "run '" + runId + "' has no node '" + Checks.printable(path) + "'; its nodes: "
            + (known.size() > 20 ? known.subList(0, 20) + " …" : known));
  }

  @Override
  public DagView dag(String runId) {
    return RunReader.dag(history(runId).start());
  }

  @Override
  public List<HistoryEntry> history(String runId, int from) {
    if (from < 0) {
      throw new OperationException(Kind.INVALID, "from must be 0 or more, got " + from);
    }
    List<JournalRecord> records = history(runId).records();
    List<HistoryEntry> out = new ArrayList<>();
    for (int i = from; i < records.size(); i++) {
      out.add(RunReader.entry(i, records.get(i)));
    }
    return out;
  }

  @Override
  public List<PlanView> plans() {
    Instant now = config.clock().instant();
    List<PlanView> out = new ArrayList<>();
    for (LaunchPlan<?, ?> p : config.plans()) {
      List<PlanView.ScheduleView> schedules = new ArrayList<>();
      for (Schedule s : p.schedules()) {
        List<Instant> next = new ArrayList<>();
        Instant after = now;
        for (int i = 0; i < 5; i++) {
          Optional<Instant> n = s.next(after);
          if (n.isEmpty()) {
            break;
          }
          next.add(n.get());
          after = n.get();
        }
        schedules.add(new PlanView.ScheduleView(s.describe(), next));
      }
      out.add(new PlanView(p.name(), p.workflow().spec().name(), schedules, p.missedFirings().name(), recent(p.name())));
    }
    return out;
  }

  @Override
  public List<TriggerView> triggers() {
    List<TriggerView> out = new ArrayList<>();
    for (MetricTrigger<?> t : config.triggers()) {
      out.add(new TriggerView(t.name(), t.plan().name(), t.condition().describe(), t.every().toString(),
          t.cooldown().toString(), recent(t.name())));
    }
    for (EventTrigger<?> t : config.eventTriggers()) {
      out.add(new TriggerView(t.name(), t.plan().name(), "on events of " + t.source().name(), "-", "-",
          recent(t.name())));
    }
    return out;
  }

  @Override
  public Optional<EventEndpoint> eventEndpoint(String source) {
    return Optional.ofNullable(config.endpoints().get(source));
  }

  /** The newest decisions of a trigger or plan, newest first. */
  private List<TriggerEvaluation> recent(String name) {
    if (config.triggerService() == null) {
      return List.of();
    }
    List<TriggerEvaluation> all = new ArrayList<>(config.triggerService().history(name));
    Collections.reverse(all);
    return List.copyOf(all.subList(0, Math.min(RECENT, all.size())));
  }

  @Override
  public List<ActionRecord> actions(String runId) {
    history(runId);
    return actions.forRun(runId);
  }

  @Override
  public ActionRecord act(Action action, String actor) {
    Checks.actor(actor);
    Checks.id(ScheduleActions.handles(action) || action instanceof Action.Launch ? "launch plan or trigger name" : "run id",
        action.target());
    try {
      if (config.engine() == null) {
        throw new OperationException(
            Kind.CONFLICT,
            "this console is read-only: no engine is attached. Actions run on the engine that runs the"
                + " workflows: serve the console from your program with Console.builder().engine(engine)"
                + " (see docs/console.md)");
      }
      Done done = ScheduleActions.handles(action) ? schedule(action, actor) : perform(action);
      return journal(action, actor, Outcome.DONE, done.message(), done.runId());
    } catch (OperationException e) {
      journal(action, actor, Outcome.REFUSED, e.getMessage(),
          action instanceof Action.Launch || ScheduleActions.handles(action) ? Optional.empty() : known(action.target()));
      throw e;
    }
  }

  private Optional<String> known(String runId) {
    return catalog.get(runId).isPresent() ? Optional.of(runId) : Optional.empty();
  }

  private record Done(String message, Optional<String> runId) {}

  /** Pause, unpause and backfill: through the trigger service. */
  private Done schedule(Action action, String actor) {
    return new Done(new ScheduleActions(config.triggerService()).perform(action, actor), Optional.empty());
  }

  private Done perform(Action action) {
    Engine engine = config.engine();
    if (action instanceof Action.Cancel c) {
      return cancel(engine, c.runId());
    }
    if (action instanceof Action.Resume r) {
      RunHistory h = history(r.runId());
      String id = Engines.call(() -> engine.resume(h.runId()).runId(), "resume", r.runId());
      return new Done("resumed run " + id + " in this engine", Optional.of(track(id)));
    }
    if (action instanceof Action.Recover r) {
      history(r.runId());
      String id = Engines.call(() -> engine.recover(r.runId()).runId(), "recover", r.runId());
      track(id);
      return new Done("recovered run " + r.runId() + " as new run " + id, Optional.of(id));
    }
    Action.Launch l = (Action.Launch) action;
    LaunchPlan<?, ?> plan = plan(l.plan());
    String id = Engines.call(() -> plan.launch(engine).runId(), "launch", l.plan());
    return new Done("launched plan '" + l.plan() + "' as run " + id, Optional.of(track(id)));
  }

  private Done cancel(Engine engine, String runId) {
    RunHistory h = history(runId);
    var handle = engine.activeRun(runId);
    if (handle.isEmpty()) {
      if (h.state().isTerminal()) {
        throw new OperationException(Kind.CONFLICT, "run '" + runId + "' already ended " + h.state() + "; nothing to cancel");
      }
      throw new OperationException(
          Kind.CONFLICT,
          "run '" + runId + "' does not run in this console's engine (it was started by " + h.start().owner()
              + "); cancel it from the console of the engine that runs it");
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

  /**
   * Files a run that ended in the attached engine; its journal's last record is written by the
   * engine's journal writer just after the event, so look again shortly while it still says RUNNING.
   */
  private void trackEnd(String runId, int tries) {
    track(runId);
    if (tries > 0 && catalog.get(runId).map(s -> !s.state().isTerminal()).orElse(true)) {
      try {
        refresher.schedule(() -> trackEnd(runId, tries - 1), 50, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        // closed meanwhile
      }
    }
  }

  /** Adds a run this process just started to the index. */
  private String track(String runId) {
    try {
      catalog.put(config.journal().history(runId).summary(Optional.empty()));
    } catch (RuntimeException e) {
      log.debug("run {} is not in the journal yet; the next refresh adds it: {}", runId, e.toString());
    }
    return runId;
  }

  private ActionRecord journal(Action action, String actor, Outcome outcome, String message, Optional<String> runId) {
    ActionRecord r =
        new ActionRecord(UUID.randomUUID().toString(), action.verb(), action.target(), actor,
            config.clock().instant(), outcome, message, runId);
    actions.write(r);
    log.info("action {} {} by {}: {} ({})", action.verb(), action.target(), actor, outcome, message);
    return r;
  }

  @Override
  public void close() {
    if (config.engine() != null) {
      config.engine().removeListener(indexer);
    }
    refresher.shutdownNow();
  }
}
