package dev.sluice.console.ops;

import dev.sluice.console.ops.internal.DefaultOperations;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.trigger.EventTrigger;
import dev.sluice.core.trigger.MetricTrigger;
import dev.sluice.core.trigger.PushEventSource;
import dev.sluice.core.trigger.TriggerService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Lists, reads and acts on runs, launch plans and triggers: the one layer behind the HTTP API, the
 * web console and the {@code sluice} command. Over an {@link Engine} it can act (cancel, resume,
 * recover, fork, launch, signal and approve); over a run store alone it is read-only, except that a
 * signal or an approval is kept in the store for the engine that holds the run, and says so when
 * asked to act otherwise.
 *
 * <pre>{@code
 * Operations ops = Operations.builder().engine(engine).launchPlan(nightly)
 *     .triggers(triggerService, retrainOnDrift).build();
 * ops.runs(RunFilter.builder().workflow("qoe-train").limit(20).build());
 * ops.act(new Action.Cancel(runId), "alice");
 * }</pre>
 *
 * <p>Listings come from an index in memory, loaded once from the run store and kept fresh in the
 * background (unfinished runs every {@link Builder#refreshEvery}, every run every {@link
 * Builder#rescanEvery}), so a request never scans the store. Close it to stop that refresh.
 */
public interface Operations extends AutoCloseable {

  static Builder builder() {
    return new Builder();
  }

  /** Whether actions can be carried out (an engine is attached). */
  boolean canAct();

  /** The runs matching {@code filter}, newest first, one page. */
  RunPage runs(RunFilter filter);

  /**
   * One run in full.
   *
   * @throws OperationException NOT_FOUND if the store has no such run, INVALID for a malformed id
   */
  RunDetail run(String runId);

  /** One node of a run, with its attempts. */
  NodeView node(String runId, String path);

  /** The DAG the run was started with. */
  DagView dag(String runId);

  /** The run's journal from record {@code from} on (0 for all of it). */
  List<HistoryEntry> history(String runId, int from);

  /** The launch plans given to the builder, with their schedules' next firings. */
  List<PlanView> plans();

  /** The metric triggers given to the builder, with their recent decisions. */
  List<TriggerView> triggers();

  /** The gates run {@code runId} waits at now, with what they wait for and until when. */
  List<GateView> gates(String runId);

  /**
   * The gates waiting in unfinished runs, the newest runs first; at most {@code limit} unfinished
   * runs are read (each one's journal).
   */
  List<GateView> waitingGates(int limit);

  /** The webhook of a push event source, if the builder was given one of that name. */
  default java.util.Optional<EventEndpoint> eventEndpoint(String source) {
    return java.util.Optional.empty();
  }

  /** The actions taken on a run, oldest first. */
  List<ActionRecord> actions(String runId);

  /**
   * Carries {@code action} out on behalf of {@code actor} and journals it (done or refused).
   *
   * @throws OperationException naming why it was refused (nothing changed)
   */
  ActionRecord act(Action action, String actor);

  /** Stops the background refresh of the run index. */
  @Override
  void close();

  /** Mutable builder of {@link Operations}. */
  final class Builder {
    private Engine engine;
    private RunStore runStore;
    private ArtifactStore artifacts;
    private TriggerService triggerService;
    private final List<LaunchPlan<?, ?>> plans = new ArrayList<>();
    private final List<MetricTrigger<?>> triggers = new ArrayList<>();
    private final List<EventTrigger<?>> eventTriggers = new ArrayList<>();
    private final java.util.Map<String, EventEndpoint> endpoints = new java.util.LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private Duration refreshEvery = Duration.ofSeconds(2);
    private Duration rescanEvery = Duration.ofHours(1);
    private boolean indexNow = true;

    private Builder() {}

    /** Act through this engine, and read its run store (it must have one) and store. */
    public Builder engine(Engine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /** Read this run store (read-only without an engine); {@link #artifacts} must be given too. */
    public Builder runStore(RunStore runStore, ArtifactStore artifacts) {
      this.runStore = Objects.requireNonNull(runStore, "runStore");
      this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
      return this;
    }

    /** A launch plan to list, and to launch now when an engine is attached. */
    public Builder launchPlan(LaunchPlan<?, ?> plan) {
      plans.add(Objects.requireNonNull(plan, "plan"));
      return this;
    }

    /** The trigger service whose history to show, and the triggers it runs. */
    public Builder triggers(TriggerService service, MetricTrigger<?>... triggers) {
      this.triggerService = Objects.requireNonNull(service, "service");
      for (MetricTrigger<?> t : triggers) {
        this.triggers.add(Objects.requireNonNull(t, "trigger"));
      }
      return this;
    }

    /** Event triggers of the trigger service to list with the others. */
    public Builder eventTriggers(EventTrigger<?>... triggers) {
      for (EventTrigger<?> t : triggers) {
        this.eventTriggers.add(Objects.requireNonNull(t, "trigger"));
      }
      return this;
    }

    /**
     * Serves {@code source} as a webhook, {@code POST /api/events/<source name>}, for holders of the
     * console's token or of {@code secret} (null: the token only).
     */
    public Builder eventSource(PushEventSource source, String secret) {
      EventEndpoint e = new EventEndpoint(source, java.util.Optional.ofNullable(secret));
      if (endpoints.putIfAbsent(source.name(), e) != null) {
        throw new IllegalArgumentException("two event sources are named '" + source.name() + "'; name each once");
      }
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How often unfinished runs are re-read for the index (default 2 s). */
    public Builder refreshEvery(Duration every) {
      this.refreshEvery = Objects.requireNonNull(every, "every");
      return this;
    }

    /**
     * How often every run is re-read, to catch runs other processes started and ended between two
     * refreshes (default 1 h: a rescan reads every run's index entry, minutes for 100,000 runs).
     */
    public Builder rescanEvery(Duration every) {
      this.rescanEvery = Objects.requireNonNull(every, "every");
      return this;
    }

    /**
     * Load the run index at the first listing instead of in {@link #build} (default: in build), for
     * a one-shot command that may never list.
     */
    public Builder indexLazily() {
      this.indexNow = false;
      return this;
    }

    /**
     * Builds it and loads the run index (one read of every run's index entry).
     *
     * @throws IllegalStateException if neither an engine with a run store nor a run store was given
     */
    public Operations build() {
      RunJournal journal;
      ArtifactStore store;
      if (runStore != null) {
        journal = RunJournal.of(runStore, artifacts, clock);
        store = artifacts;
      } else if (engine != null) {
        journal = engine.journal();
        store = engine.store();
      } else {
        throw new IllegalStateException(
            "operations need runs to show: give an engine built with Engine.builder().runStore(...),"
                + " or a run store with runStore(store, artifacts)");
      }
      return new DefaultOperations(
          new DefaultOperations.Config(
              engine, journal, store, triggerService, List.copyOf(plans), List.copyOf(triggers), clock,
              refreshEvery, rescanEvery, indexNow, List.copyOf(eventTriggers), java.util.Map.copyOf(endpoints)));
    }
  }
}
