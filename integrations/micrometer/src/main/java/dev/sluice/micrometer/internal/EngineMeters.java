package dev.sluice.micrometer.internal;

import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.TaskInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's meters, fed by its events (a {@link RunListener}) and by every attempt (a {@link
 * TaskInterceptor}). Per live node it keeps when it was queued and first ran (removed when the node
 * ends); per live run, when it started.
 */
public final class EngineMeters implements RunListener, TaskInterceptor {
  private final Meters meters;
  private final Map<String, NodeTimes> nodes = new ConcurrentHashMap<>();
  private final Map<String, Long> runs = new ConcurrentHashMap<>();

  public EngineMeters(MeterRegistry registry) {
    this.meters = new Meters(registry);
  }

  /** What is known of one live task node. */
  private static final class NodeTimes {
    long queuedAt;
    long firstRunningAt;
    boolean waiting;
    boolean inFlight;
  }

  // ---- runs --------------------------------------------------------------------------------------

  @Override
  public void runStarted(RunEvent.RunStarted e) {
    runs.put(e.runId(), System.nanoTime());
    meters.runsStarted(e.workflowName()).increment();
    meters.activeRuns(e.workflowName()).incrementAndGet();
  }

  @Override
  public void runFinished(RunEvent.RunFinished e) {
    String state = lower(e.state().name());
    meters.runsEnded(e.workflowName(), state).increment();
    Long started = runs.remove(e.runId());
    if (started != null) {
      meters.activeRuns(e.workflowName()).decrementAndGet();
      meters.runDuration(e.workflowName(), state).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void runLate(RunEvent.RunLate e) {
    meters.runsLate(e.workflowName()).increment();
  }

  @Override
  public void attemptSubmitted(RunEvent.AttemptSubmitted e) {
    meters.submissions(e.executor(), e.reattached()).increment();
  }

  // ---- nodes -------------------------------------------------------------------------------------

  @Override
  public void nodeTransition(RunEvent.NodeTransition e) {
    if (e.task().isEmpty()) {
      return; // branches, maps, sub-workflows: their tasks are measured
    }
    String task = e.task().get();
    String executor = e.executor().orElse("unknown");
    String key = e.runId() + '\n' + e.nodePath();
    if (e.replayed()) {
      if (e.to().isTerminal()) {
        meters.nodesReplayed(task).increment();
      }
      return;
    }
    long now = System.nanoTime();
    NodeState to = e.to();
    if (to.isTerminal()) {
      NodeTimes t = nodes.remove(key);
      if (t != null) {
        synchronized (t) {
          leave(t, executor);
          if (t.firstRunningAt != 0) {
            meters.nodeDuration(task, executor, lower(to.name())).record(now - t.firstRunningAt,
                java.util.concurrent.TimeUnit.NANOSECONDS);
          }
        }
      }
      meters.nodesEnded(task, executor, lower(to.name())).increment();
      if (to == NodeState.CACHED) {
        meters.cacheHits(task).increment();
      }
      return;
    }
    NodeTimes t = nodes.computeIfAbsent(key, k -> new NodeTimes());
    synchronized (t) {
      switch (to) {
        case QUEUED -> {
          if (!t.waiting) {
            t.waiting = true;
            meters.waiting(executor).incrementAndGet();
          }
          t.queuedAt = now;
        }
        case RUNNING -> {
          if (t.waiting) {
            t.waiting = false;
            meters.waiting(executor).decrementAndGet();
            meters.queueWait(task, executor).record(now - t.queuedAt, java.util.concurrent.TimeUnit.NANOSECONDS);
          }
          if (!t.inFlight) {
            t.inFlight = true;
            meters.inFlight(executor).incrementAndGet();
          }
          if (t.firstRunningAt == 0) {
            t.firstRunningAt = now;
          }
        }
        case RETRYING -> {
          leave(t, executor);
          meters.retries(task, executor).increment();
        }
        default -> {}
      }
    }
  }

  /** The node is neither waiting nor in flight any more. */
  private void leave(NodeTimes t, String executor) {
    if (t.waiting) {
      t.waiting = false;
      meters.waiting(executor).decrementAndGet();
    }
    if (t.inFlight) {
      t.inFlight = false;
      meters.inFlight(executor).decrementAndGet();
    }
  }

  // ---- attempts ----------------------------------------------------------------------------------

  @Override
  public CompletableFuture<Object> intercept(Attempt attempt, Chain next) {
    String task = attempt.task().name();
    String executor = attempt.executor();
    if (attempt.task().cache().enabled() && attempt.attempt() == 1) {
      meters.cacheMisses(task).increment();
    }
    long start = System.nanoTime();
    CompletableFuture<Object> running = next.proceed(attempt);
    running.whenComplete((value, error) -> meters.attemptDuration(task, executor, outcome(error))
        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS));
    return running;
  }

  private static String outcome(Throwable error) {
    if (error == null) {
      return "success";
    }
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof CancellationException ? "cancelled" : "failure";
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
