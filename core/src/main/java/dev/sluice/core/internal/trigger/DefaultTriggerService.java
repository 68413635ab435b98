package dev.sluice.core.internal.trigger;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.LeaderElection;
import dev.sluice.core.spi.MetricSource;
import dev.sluice.core.spi.EventSource;
import dev.sluice.core.trigger.Backfill;
import dev.sluice.core.trigger.EventTrigger;
import dev.sluice.core.trigger.MetricTrigger;
import dev.sluice.core.trigger.Pause;
import dev.sluice.core.trigger.SourcePolicy;
import dev.sluice.core.trigger.TriggerEvaluation;
import dev.sluice.core.trigger.TriggerService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The service behind {@link TriggerService#builder}: one loop per trigger and per schedule. */
public final class DefaultTriggerService implements TriggerService {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.triggers");
  private static final AtomicInteger SERVICES = new AtomicInteger();

  /** What the builder collected; a null scheduler or executor means the service makes its own. */
  public record Config(
      Engine engine,
      Clock clock,
      ScheduledExecutorService scheduler,
      Executor sourceExecutor,
      ArtifactStore store,
      LeaderElection leaderElection,
      SourcePolicy sourcePolicy,
      List<LaunchPlan<?, ?>> plans,
      List<MetricTrigger<?>> triggers,
      List<Consumer<? super TriggerEvaluation>> listeners,
      List<EventTrigger<?>> eventTriggers) {}

  private final Config config;
  private final ScheduledThreadPoolExecutor ownScheduler;
  private final ExecutorService ownSourcePool;
  private final Map<String, History> histories = new LinkedHashMap<>();
  private final Map<String, LaunchPlan<?, ?>> plansByName = new LinkedHashMap<>();
  private final Map<String, Overlap> overlaps = new LinkedHashMap<>();
  private final List<Loop> loops = new ArrayList<>();
  private final Pauses pauses;
  private final Backfills backfills;
  /** Each event source once, with the triggers it feeds. */
  private final Map<EventSource, EventFanOut> sinks = new IdentityHashMap<>();
  private boolean started;
  private boolean closed;

  public DefaultTriggerService(Config given) {
    int id = SERVICES.incrementAndGet();
    this.ownScheduler = given.scheduler() == null ? newScheduler(id) : null;
    this.ownSourcePool = given.sourceExecutor() == null ? newSourcePool(id) : null;
    this.config =
        new Config(
            given.engine(),
            given.clock(),
            ownScheduler != null ? ownScheduler : given.scheduler(),
            ownSourcePool != null ? ownSourcePool : given.sourceExecutor(),
            given.store(),
            given.leaderElection(),
            given.sourcePolicy(),
            given.plans(),
            given.triggers(),
            given.listeners(),
            given.eventTriggers());
    StateStore state = new StateStore(config.store());
    this.pauses = new Pauses(config.store());
    this.backfills = new Backfills(config, histories::get);
    Map<MetricSource, GuardedSource> guarded = new IdentityHashMap<>();
    try {
      for (LaunchPlan<?, ?> plan : config.plans()) {
        History history = claim(plan.name(), "launch plan");
        plansByName.put(plan.name(), plan);
        if (plan.schedules().isEmpty()) {
          log.warn("launch plan '{}' has no schedule; registering it with the trigger service does nothing", plan.name());
        }
        for (Schedule schedule : plan.schedules()) {
          loops.add(new ScheduleLoop(plan, schedule, config, state, history, overlap(plan), pauses, backfills));
        }
      }
      for (MetricTrigger<?> trigger : config.triggers()) {
        History history = claim(trigger.name(), "trigger");
        loops.add(new TriggerLoop(trigger, config, state, history, s -> guarded.computeIfAbsent(s, this::guard),
            overlap(trigger.plan()), pauses));
      }
      for (EventTrigger<?> trigger : config.eventTriggers()) {
        History history = claim(trigger.name(), "trigger");
        EventLoop loop = new EventLoop(trigger, config, history, overlap(trigger.plan()), pauses);
        loops.add(loop);
        sinks.computeIfAbsent(trigger.source(), src -> new EventFanOut(src, config.leaderElection(), config.clock(),
            config.scheduler())).add(loop);
      }
    } catch (RuntimeException e) {
      stopThreads();
      throw e;
    }
  }

  /** The runs of {@code plan} launched here: one tracker per plan name, shared by its schedules and triggers. */
  private Overlap overlap(LaunchPlan<?, ?> plan) {
    return overlaps.computeIfAbsent(plan.name(), n -> new Overlap(n, config.clock(), config.scheduler()));
  }

  private GuardedSource guard(MetricSource source) {
    return new GuardedSource(source, config.sourcePolicy(), config.clock(), config.scheduler(), config.sourceExecutor());
  }

  private History claim(String name, String what) {
    if (histories.containsKey(name)) {
      throw new IllegalArgumentException(
          "the " + what + " name '" + name + "' is already taken in this trigger service (triggers and launch"
              + " plans share one history namespace); rename one");
    }
    History history = new History(config.store(), name);
    histories.put(name, history);
    return history;
  }

  private static ScheduledThreadPoolExecutor newScheduler(int id) {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "sluice-triggers-" + id);
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  private static ExecutorService newSourcePool(int id) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new Thread(r, "sluice-triggers-" + id + "-source-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("this trigger service is closed; build a new one");
    }
    if (started) {
      throw new IllegalStateException("this trigger service is already started");
    }
    started = true;
    config.leaderElection().start();
    loops.forEach(Loop::start);
    sinks.forEach((source, sink) -> source.start(sink));
    log.info(
        "trigger service started: {} metric trigger(s), {} event trigger(s), {} schedule(s), leader election {}",
        config.triggers().size(),
        config.eventTriggers().size(),
        loops.size() - config.triggers().size() - config.eventTriggers().size(),
        config.leaderElection());
  }

  @Override
  public List<TriggerEvaluation> history(String name) {
    return history(name, Instant.EPOCH);
  }

  @Override
  public List<TriggerEvaluation> history(String name, Instant since) {
    History history = histories.get(name);
    if (history == null) {
      throw new IllegalArgumentException(
          "no trigger or launch plan named '" + name + "' in this service; it has " + new TreeSet<>(histories.keySet()));
    }
    return history.read(since);
  }

  private void known(String name) {
    if (!histories.containsKey(name)) {
      throw new IllegalArgumentException(
          "no trigger or launch plan named '" + name + "' in this service; it has " + new TreeSet<>(histories.keySet()));
    }
  }

  @Override
  public void pause(String name, String by, String reason) {
    known(name);
    Objects.requireNonNull(by, "by");
    pauses.pause(name, new Pause(by, config.clock().instant(), reason == null ? "" : reason));
    log.info("{}: paused by {}{}", name, by, reason == null || reason.isEmpty() ? "" : " (" + reason + ")");
  }

  @Override
  public boolean resume(String name, String by) {
    known(name);
    Objects.requireNonNull(by, "by");
    boolean was = pauses.resume(name);
    log.info("{}: {} by {}", name, was ? "resumed" : "resume asked (it was not paused)", by);
    return was;
  }

  @Override
  public Optional<Pause> pauseOf(String name) {
    known(name);
    return pauses.read(name);
  }

  @Override
  public Backfill backfill(String plan, Instant from, Instant to, int maxConcurrent) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    LaunchPlan<?, ?> p = plansByName.get(plan);
    if (p == null) {
      throw new IllegalArgumentException(
          "no launch plan named '" + plan + "' in this service; it has " + new TreeSet<>(plansByName.keySet()));
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("a backfill runs at least 1 firing at a time, got " + maxConcurrent);
    }
    if (closed) {
      throw new IllegalStateException("this trigger service is closed; build a new one to backfill");
    }
    List<Instant> firings = Backfills.firings(p, from, to);
    log.info("{}: backfilling {} firing(s) from {} to {}, {} at a time", plan, firings.size(), from, to, maxConcurrent);
    return backfills.start(p, firings, maxConcurrent, "backfill of " + from + " … " + to);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    loops.forEach(Loop::stop);
    sinks.forEach((source, sink) -> {
      sink.close();
      try {
        source.close();
      } catch (RuntimeException e) {
        log.warn("closing event source {} failed: {}", source.name(), e.toString());
      }
    });
    overlaps.values().forEach(Overlap::clear);
    stopThreads();
    try {
      config.leaderElection().close();
    } catch (RuntimeException e) {
      log.warn("closing leader election {} failed: {}", config.leaderElection(), e.toString());
    }
    log.info("trigger service stopped");
  }

  private void stopThreads() {
    for (ExecutorService pool : new ExecutorService[] {ownScheduler, ownSourcePool}) {
      if (pool == null) {
        continue;
      }
      pool.shutdownNow();
      try {
        if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
          log.warn("a trigger service thread did not stop within 5 s (a source read ignoring interrupts?)");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
