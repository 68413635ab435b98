package dev.sluice.core.internal.trigger;

import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.launch.OverlapPolicy;
import dev.sluice.core.trigger.Decision;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs one launch plan has going, launched by this service (its schedules and the triggers of
 * the plan), and the firings waiting for them: applies an {@link OverlapPolicy} to each firing.
 * When a run ends, the next waiting firing launches, on the service's scheduler.
 */
final class Overlap {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.triggers");

  /** Records what became of a firing: its decision, why, and the run it launched. */
  interface Recorder {
    void record(Instant at, Decision decision, String reason, Optional<RunHandle<?>> run);
  }

  private record Waiting(Instant since, String reason, Supplier<RunHandle<?>> launch, Recorder recorder) {}

  private final String plan;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final List<RunHandle<?>> running = new ArrayList<>();
  private final Deque<Waiting> waiting = new ArrayDeque<>();

  Overlap(String plan, Clock clock, ScheduledExecutorService scheduler) {
    this.plan = plan;
    this.clock = clock;
    this.scheduler = scheduler;
  }

  /** Whether a run of the plan launched here is still going. */
  synchronized boolean busy() {
    running.removeIf(RunHandle::isDone);
    return !running.isEmpty();
  }

  /** How many firings wait. */
  synchronized int waiting() {
    return waiting.size();
  }

  /** Applies {@code policy} to a firing: launches it, or records why not (waiting, dropped). */
  synchronized void fire(
      Instant now, OverlapPolicy policy, String reason, Supplier<RunHandle<?>> launch, Recorder recorder) {
    running.removeIf(RunHandle::isDone);
    if (running.isEmpty() || policy instanceof OverlapPolicy.Allow) {
      launch(now, reason, launch, recorder);
      return;
    }
    String going = running.size() == 1
        ? "run " + running.get(0).runId() + " is still running"
        : "runs " + ids(running) + " are still running";
    if (policy instanceof OverlapPolicy.Skip) {
      recorder.record(now, Decision.IN_FLIGHT, reason + " but " + going + " (overlap SKIP)", Optional.empty());
    } else if (policy instanceof OverlapPolicy.Queue q) {
      if (waiting.size() >= q.bound()) {
        recorder.record(now, Decision.QUEUE_FULL, reason + " but " + going + " and " + waiting.size()
            + " firing(s) wait already (overlap " + q.describe() + "): dropped", Optional.empty());
      } else {
        waiting.add(new Waiting(now, reason, launch, recorder));
        recorder.record(now, Decision.QUEUED, reason + "; " + going + ": waits for it (" + waiting.size() + " of "
            + q.bound() + " waiting, overlap " + q.describe() + ")", Optional.empty());
      }
    } else {
      List<String> cancelled = new ArrayList<>();
      List<String> refused = new ArrayList<>();
      for (RunHandle<?> r : running) {
        try {
          if (r.cancel()) {
            cancelled.add(r.runId());
          }
        } catch (RuntimeException e) {
          refused.add(r.runId() + " (" + e.getMessage() + ")");
        }
      }
      running.clear();
      launch(now, reason + "; cancelled run(s) " + cancelled + (refused.isEmpty() ? "" : ", could not cancel " + refused)
          + " (overlap CANCEL_RUNNING)", launch, recorder);
    }
  }

  private void launch(Instant now, String reason, Supplier<RunHandle<?>> launch, Recorder recorder) {
    RunHandle<?> run;
    try {
      run = launch.get();
    } catch (RuntimeException e) {
      recorder.record(now, Decision.LAUNCH_FAILED, reason + " but the launch failed: " + e, Optional.empty());
      return;
    }
    running.add(run);
    recorder.record(now, Decision.LAUNCHED, reason + " → launched run " + run.runId(), Optional.of(run));
    run.completion().whenComplete((output, failure) -> drainLater());
  }

  private void drainLater() {
    try {
      scheduler.execute(this::drain);
    } catch (RejectedExecutionException closed) {
      log.debug("plan {}: the service stopped; {} waiting firing(s) dropped", plan, waiting());
    }
  }

  /** Launches the next waiting firing once no run of the plan is going. */
  synchronized void drain() {
    running.removeIf(RunHandle::isDone);
    if (running.isEmpty() && !waiting.isEmpty()) {
      Waiting w = waiting.poll();
      launch(clock.instant(), w.reason() + " (waited since " + w.since() + ")", w.launch(), w.recorder());
    }
  }

  /** Drops the waiting firings (the service stops). */
  synchronized void clear() {
    waiting.clear();
  }

  private static List<String> ids(List<RunHandle<?>> runs) {
    return runs.stream().map(RunHandle::runId).toList();
  }
}
