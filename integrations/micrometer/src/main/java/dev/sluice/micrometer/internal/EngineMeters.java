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
  private final Map<NodeKey, NodeTimes> nodes = new ConcurrentHashMap<>();
  /** Lower-case state names by ordinal: no string built per event. */
  private static final String[] STATES;

  static {
    NodeState[] all = NodeState.values();
    STATES = new String[all.length];
    for (NodeState s : all) {
      STATES[s.ordinal()] = lower(s.name());
    }
  }

  /** A live node of a run. */
  private record NodeKey(String runId, String path) {}
  private final Map<String, Long> runs = new ConcurrentHashMap<>();
  /** Task meters by task, then executor: two reads, no key built per event. */
  private final Map<String, Map<String, TaskMeters>> tasks = new ConcurrentHashMap<>();

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
    NodeKey key = new NodeKey(e.runId(), e.nodePath());
    if (e.replayed()) {
      if (e.to().isTerminal()) {
        meters.nodesReplayed(task).increment();
      }
      return;
    }
    long now = System.nanoTime();
    NodeState to = e.to();
    TaskMeters m = meters(task, executor);
    if (to.isTerminal()) {
      NodeTimes t = nodes.remove(key);
      if (t != null) {
        synchronized (t) {
          leave(t, m);
          if (t.firstRunningAt != 0) {
            m.duration(to, STATES[to.ordinal()]).record(now - t.firstRunningAt, java.util.concurrent.TimeUnit.NANOSECONDS);
          }
        }
      }
      m.ended(to, STATES[to.ordinal()]).increment();
      if (to == NodeState.CACHED) {
        m.cacheHits.increment();
      }
      return;
    }
    NodeTimes t = nodes.computeIfAbsent(key, k -> new NodeTimes());
    synchronized (t) {
      switch (to) {
        case QUEUED -> {
          if (!t.waiting) {
            t.waiting = true;
            m.waiting.incrementAndGet();
          }
          t.queuedAt = now;
        }
        case RUNNING -> {
          if (t.waiting) {
            t.waiting = false;
            m.waiting.decrementAndGet();
            m.queueWait.record(now - t.queuedAt, java.util.concurrent.TimeUnit.NANOSECONDS);
          }
          if (!t.inFlight) {
            t.inFlight = true;
            m.inFlight.incrementAndGet();
          }
          if (t.firstRunningAt == 0) {
            t.firstRunningAt = now;
          }
        }
        case RETRYING -> {
          leave(t, m);
          m.retries.increment();
        }
        default -> {}
      }
    }
  }

  /** The node is neither waiting nor in flight any more. */
  private static void leave(NodeTimes t, TaskMeters m) {
    if (t.waiting) {
      t.waiting = false;
      m.waiting.decrementAndGet();
    }
    if (t.inFlight) {
      t.inFlight = false;
      m.inFlight.decrementAndGet();
    }
  }

  private TaskMeters meters(String task, String executor) {
    Map<String, TaskMeters> byExecutor = tasks.get(task);
    if (byExecutor == null) {
      byExecutor = tasks.computeIfAbsent(task, k -> new ConcurrentHashMap<>());
    }
    TaskMeters m = byExecutor.get(executor);
    return m != null ? m : byExecutor.computeIfAbsent(executor, x -> new TaskMeters(meters, task, x));
  }

  // ---- attempts ----------------------------------------------------------------------------------

  @Override
  public CompletableFuture<Object> intercept(Attempt attempt, Chain next) {
    TaskMeters m = meters(attempt.task().name(), attempt.executor());
    if (attempt.task().cache().enabled() && attempt.attempt() == 1) {
      m.cacheMisses.increment();
    }
    long start = System.nanoTime();
    CompletableFuture<Object> running = next.proceed(attempt);
    running.whenComplete((value, error) ->
        m.attempt(outcome(error)).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS));
    return running;
  }

  /** The index in {@link TaskMeters#OUTCOMES}. */
  private static int outcome(Throwable error) {
    if (error == null) {
      return 0;
    }
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof CancellationException ? 2 : 1;
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
