package dev.sluice.console.ops.internal;

import dev.sluice.console.ops.Action;
import dev.sluice.console.ops.ActionRecord;
import dev.sluice.console.ops.ActionRecord.Outcome;
import dev.sluice.console.ops.DagView;
import dev.sluice.console.ops.ErrorView;
import dev.sluice.console.ops.EventEndpoint;
import dev.sluice.console.ops.GateAction;
import dev.sluice.console.ops.GateView;
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
      Map<String, EventEndpoint> endpoints) {}

  private final Config config;
  private final RunCatalog catalog;
  private final ActionLog actions;
  private final GateOps gates;
  private final ActionRunner runner;
  private final ScheduledExecutorService refresher;
  /** Adds the attached engine's runs to the index as they start and end. */
  private final RunListener indexer;

  public DefaultOperations(Config config) {
    this.config = config;
    this.catalog = new RunCatalog(config.journal());
    this.actions = new ActionLog(config.store());
    this.gates = new GateOps(config.engine(), config.journal(), ActionLog.JSON);
    this.runner = new ActionRunner(config, this::history, this::track, gates,
        new ForkOps(config.engine(), ActionLog.JSON));
    if (config.indexNow()) {
      catalog.loadNewest(); // the first pages at once; every run in the background below
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
    refresher.scheduleWithFixedDelay(() -> quietly(catalog::rescan), config.indexNow() ? 0 : rescan, rescan,
        TimeUnit.MILLISECONDS);
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

  /** Whether every run is in the index (else pages past the newest runs are read from the store). */
  public boolean indexComplete() {
    return catalog.complete();
  }

  @Override
  public RunPage runs(RunFilter filter) {
    if (!loaded()) {
      synchronized (this) {
        if (!loaded) {
          catalog.loadNewest();
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

  RunHistory history(String runId) {
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
        Optional.of(RunReader.cut(h.start().inputJson())), RunReader.nodes(h, now), gates.waiting(h),
        actions.forRun(runId));
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
  public List<GateView> gates(String runId) {
    return gates.waiting(history(runId));
  }

  @Override
  public List<GateView> waitingGates(int limit) {
    if (limit < 1 || limit > 1000) {
      throw new OperationException(Kind.INVALID, "limit must be 1 to 1000, got " + limit);
    }
    runs(RunFilter.builder().limit(1).build()); // loads the index when lazy
    List<GateView> out = new ArrayList<>();
    for (RunSummary s : catalog.unfinished(limit)) {
      try {
        out.addAll(gates.waiting(config.journal().history(s.runId())));
      } catch (RuntimeException e) {
        log.debug("run {} could not be read for its waiting gates: {}", s.runId(), e.toString());
      }
    }
    return out;
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
      if (config.engine() == null && !(action instanceof GateAction || action instanceof Action.Cancel)) {
        throw new OperationException(
            Kind.CONFLICT,
            "this console is read-only: no engine is attached. Actions run on the engine that runs the"
                + " workflows: serve the console from your program with Console.builder().engine(engine)"
                + " (see docs/console.md); only signals, approvals and cancel requests are kept in the store"
                + " for the engine that holds the run");
      }
      ActionRunner.Done done = ScheduleActions.handles(action) ? schedule(action, actor) : runner.perform(action, actor);
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

  /** Pause, unpause and backfill: through the trigger service. */
  private ActionRunner.Done schedule(Action action, String actor) {
    return new ActionRunner.Done(new ScheduleActions(config.triggerService()).perform(action, actor), Optional.empty());
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
  String track(String runId) {
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
