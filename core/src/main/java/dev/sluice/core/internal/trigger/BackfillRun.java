package dev.sluice.core.internal.trigger;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.trigger.Backfill;
import dev.sluice.core.trigger.Decision;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One backfill: launches the plan's firings oldest first, at most {@code concurrency} running; each
 * run's end launches the next, on the service's scheduler. Runs go through the plan's run keys
 * ({@link LaunchPlan#launchScheduled}), never through its overlap policy: the bound is the
 * backfill's own.
 */
final class BackfillRun implements Backfill {
  /** The run label naming the backfill that launched a run. */
  static final String LABEL = "backfill";

  private final LaunchPlan<?, ?> plan;
  private final Engine engine;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final String id;
  private final List<Instant> firings;
  private final int concurrency;
  private final Overlap.Recorder recorder;
  private final Deque<Instant> next;
  private final Map<Instant, String> runs = Collections.synchronizedMap(new LinkedHashMap<>());
  private final CompletableFuture<Map<Instant, String>> completion = new CompletableFuture<>();
  private int going;
  private boolean cancelled;

  BackfillRun(
      LaunchPlan<?, ?> plan, Engine engine, Clock clock, ScheduledExecutorService scheduler, String id,
      List<Instant> firings, int concurrency, Overlap.Recorder recorder) {
    this.plan = plan;
    this.engine = engine;
    this.clock = clock;
    this.scheduler = scheduler;
    this.id = id;
    this.firings = List.copyOf(firings);
    this.concurrency = concurrency;
    this.recorder = recorder;
    this.next = new ArrayDeque<>(firings);
  }

  /** Launches the first runs. */
  BackfillRun start() {
    fill();
    return this;
  }

  private synchronized void fill() {
    while (!cancelled && going < concurrency && !next.isEmpty()) {
      Instant at = next.poll();
      String reason = id + ": firing at " + at;
      RunHandle<?> run;
      try {
        run = plan.launchScheduled(engine, at, Map.of(LABEL, id), Origin.launchPlan(plan.name()));
      } catch (RuntimeException e) {
        recorder.record(clock.instant(), Decision.LAUNCH_FAILED, reason + " but the launch failed: " + e, Optional.empty());
        continue;
      }
      going++;
      runs.put(at, run.runId());
      recorder.record(clock.instant(), Decision.LAUNCHED, reason + " → run " + run.runId(), Optional.of(run));
      run.completion().whenComplete((o, e) -> ended());
    }
    if (going == 0 && (next.isEmpty() || cancelled)) {
      completion.complete(runs());
    }
  }

  private void ended() {
    synchronized (this) {
      going--;
    }
    try {
      scheduler.execute(this::fill);
    } catch (RejectedExecutionException closed) {
      synchronized (this) {
        cancelled = true;
      }
      fill();
    }
  }

  @Override
  public String plan() {
    return plan.name();
  }

  @Override
  public List<Instant> firings() {
    return firings;
  }

  @Override
  public Map<Instant, String> runs() {
    synchronized (runs) {
      return Collections.unmodifiableMap(new java.util.TreeMap<>(runs));
    }
  }

  @Override
  public CompletionStage<Map<Instant, String>> completion() {
    return completion.minimalCompletionStage();
  }

  @Override
  public synchronized boolean cancel() {
    if (next.isEmpty()) {
      return false;
    }
    cancelled = true;
    next.clear();
    if (going == 0) {
      completion.complete(runs());
    }
    return true;
  }

  @Override
  public String toString() {
    return id + " of plan '" + plan.name() + "' (" + firings.size() + " firings, " + concurrency + " at a time)";
  }
}
