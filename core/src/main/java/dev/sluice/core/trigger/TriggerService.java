package dev.sluice.core.trigger;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.internal.trigger.DefaultTriggerService;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.LeaderElection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs launch plans' schedules, metric triggers and event triggers inside the embedding program:
 * evaluates each trigger on its interval (or on each event), launches runs on the engine, and
 * records every decision in the store's history. Only the leader (see {@link LeaderElection})
 * evaluates and fires; operators pause, resume and backfill through any replica.
 *
 * <pre>{@code
 * try (TriggerService triggers =
 *     TriggerService.builder(engine).launchPlan(nightly).trigger(retrainOnDrift).build()) {
 *   triggers.start();
 *   ...
 *   triggers.history("retrain-on-drift").forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>State lives in the store ({@code engine.store()} unless another is given): each trigger's
 * last launch, hysteresis and sustained-for state ({@code triggers/<name>/state.json}), each
 * schedule's last firing ({@code launch-plans/<plan>/schedules/…}), and the history ({@code
 * triggers/<name>/history/<hour>.jsonl}), so a restarted program, or a new leader, carries on
 * where the last one stopped. Runs in flight are not known across restarts: the cooldown guards
 * the first evaluations of a new process.
 */
public interface TriggerService extends AutoCloseable {

  /** A builder of a service launching runs on {@code engine}. */
  static Builder builder(Engine engine) {
    return new Builder(engine);
  }

  /** Starts campaigning for leadership and schedules every trigger and schedule. Once only. */
  void start();

  /** The history of a trigger or launch plan, oldest first. */
  List<TriggerEvaluation> history(String name);

  /** The history of a trigger or launch plan since {@code since} (inclusive), oldest first. */
  List<TriggerEvaluation> history(String name, Instant since);

  /**
   * Pauses a trigger or a launch plan's schedules, in the store: every replica on the store sees it
   * at its next firing or evaluation. Recorded in the history ({@link Decision#PAUSED}) by the
   * leader when it sees it. Pausing a paused one changes who and why.
   *
   * @throws IllegalArgumentException if this service has no trigger or plan of that name
   */
  void pause(String name, String by, String reason);

  /**
   * Lifts a pause; firings during the pause are not caught up (backfill them if they should run).
   * Returns false if it was not paused.
   *
   * @throws IllegalArgumentException if this service has no trigger or plan of that name
   */
  boolean resume(String name, String by);

  /** The pause of a trigger or plan in force (read from the store), if any. */
  Optional<Pause> pauseOf(String name);

  /**
   * Backfills a plan: one run per firing of its schedules in {@code [from, to)}, at most {@code
   * maxConcurrent} at a time, each with its scheduled time as input and its run key (a firing that
   * already ran is not run again). Backfills run on any replica, leader or not, and ignore pauses
   * and the plan's overlap policy (the bound is their own).
   *
   * @throws IllegalArgumentException if there is no such plan, it has no schedule, the range is
   *     empty or holds more than 10,000 firings, or {@code maxConcurrent < 1}
   */
  Backfill backfill(String plan, Instant from, Instant to, int maxConcurrent);

  /**
   * Stops evaluating and firing, cancels what is scheduled, stops the threads the service made and
   * closes its leader election. Runs already launched keep running on the engine.
   */
  @Override
  void close();

  /** Mutable builder of a {@link TriggerService}; {@link #build()} freezes a copy. */
  final class Builder {
    private final Engine engine;
    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private Executor sourceExecutor;
    private ArtifactStore store;
    private LeaderElection leaderElection;
    private SourcePolicy sourcePolicy = SourcePolicy.DEFAULT;
    private final List<LaunchPlan<?, ?>> plans = new ArrayList<>();
    private final List<MetricTrigger<?>> triggers = new ArrayList<>();
    private final List<EventTrigger<?>> eventTriggers = new ArrayList<>();
    private final List<Consumer<? super TriggerEvaluation>> listeners = new ArrayList<>();

    private Builder(Engine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** Clock for evaluations, durations and history (default: system UTC). Give the engine's. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Timer for evaluations, firings, retries and timeouts (default: one daemon thread the service
     * stops on close). A scheduler given here is not shut down by the service.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Where source reads run, so a slow source never holds the timer (default: a pool of daemon
     * threads the service stops on close). Tests may pass {@code Runnable::run}.
     */
    public Builder sourceExecutor(Executor executor) {
      this.sourceExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Where state and history live (default: the engine's store). */
    public Builder store(ArtifactStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Which replica fires (default: {@link LeaderElections#singleProcess()}). The service starts
     * and closes it.
     */
    public Builder leaderElection(LeaderElection election) {
      this.leaderElection = Objects.requireNonNull(election, "election");
      return this;
    }

    /** Timeouts, retries and circuit breaking of source reads (default {@link SourcePolicy#DEFAULT}). */
    public Builder sourcePolicy(SourcePolicy policy) {
      this.sourcePolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Runs the schedules of {@code plan} (a plan without schedules needs no registering). */
    public Builder launchPlan(LaunchPlan<?, ?> plan) {
      plans.add(Objects.requireNonNull(plan, "plan"));
      return this;
    }

    /**
     * Hears every evaluation and firing as it is recorded (metrics, alerts). Called on the
     * service's threads; must be fast and must not throw (an exception is logged and ignored).
     */
    public Builder listener(Consumer<? super TriggerEvaluation> listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Evaluates {@code trigger} on its interval. */
    public Builder trigger(MetricTrigger<?> trigger) {
      triggers.add(Objects.requireNonNull(trigger, "trigger"));
      return this;
    }

    /** Launches {@code trigger}'s plan on the events of its source; the service starts and closes the source. */
    public Builder eventTrigger(EventTrigger<?> trigger) {
      eventTriggers.add(Objects.requireNonNull(trigger, "trigger"));
      return this;
    }

    /**
     * Builds the service (not started).
     *
     * @throws IllegalArgumentException if two triggers or plans share a name (they share history)
     */
    public TriggerService build() {
      return new DefaultTriggerService(
          new DefaultTriggerService.Config(
              engine,
              clock,
              scheduler,
              sourceExecutor,
              store != null ? store : engine.store(),
              leaderElection != null ? leaderElection : LeaderElections.singleProcess(),
              sourcePolicy,
              List.copyOf(plans),
              List.copyOf(triggers),
              List.copyOf(listeners),
              List.copyOf(eventTriggers)));
    }
  }
}
