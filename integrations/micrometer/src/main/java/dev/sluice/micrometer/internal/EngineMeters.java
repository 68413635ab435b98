package dev.sluice.micrometer.internal;

import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.TaskInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
  private final Map<String, LiveRun> runs = new ConcurrentHashMap<>();
  /** Task meters by task, then executor: two reads, no key built per event. */
  private final Map<String, Map<String, TaskMeters>> tasks = new ConcurrentHashMap<>();

  public EngineMeters(MeterRegistry registry) {
    this.meters = new Meters(registry);
  }

  /** A live run: its workflow, when it started, its gates waiting now (by path). */
  private static final class LiveRun {
    final String workflow;
    final long startedAt;
    final Set<String> waitingGates = ConcurrentHashMap.newKeySet();

    LiveRun(String workflow, long startedAt) {
      this.workflow = workflow;
      this.startedAt = startedAt;
    }
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
    runs.put(e.runId(), new LiveRun(e.workflowName(), System.nanoTime()));
    meters.runsStarted(e.workflowName()).increment();
    meters.activeRuns(e.workflowName()).incrementAndGet();
  }

  @Override
  public void runFinished(RunEvent.RunFinished e) {
    String state = lower(e.state().name());
    meters.runsEnded(e.workflowName(), state).increment();
    LiveRun run = runs.remove(e.runId());
    if (run != null) {
      meters.activeRuns(e.workflowName()).decrementAndGet();
      meters.runDuration(e.workflowName(), state).record(System.nanoTime() - run.startedAt, java.util.concurrent.TimeUnit.NANOSECONDS);
      int stillWaiting = run.waitingGates.size(); // a gate the run's end left waiting (it was abandoned)
      if (stillWaiting > 0) {
        run.waitingGates.clear();
        meters.gatesWaiting(run.workflow).addAndGet(-stillWaiting);
      }
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

  // ---- gates -------------------------------------------------------------------------------------

  @Override
  public void signalReceived(RunEvent.SignalReceived e) {
    meters.signalsReceived(workflow(e.runId())).increment();
  }

  @Override
  public void gateTimedOut(RunEvent.GateTimedOut e) {
    meters.gateTimeouts(workflow(e.runId()), e.sleep() ? "sleep" : "signal", e.failed() ? "failed" : "continued")
        .increment();
  }

  /**
   * The waiting-gates gauge follows the gate nodes' moves to and from WAITING (published in order,
   * under the gate's lock), not the GateWaiting event: a listener may apply a signal on that event,
   * before this one hears it.
   */
  private void gateTransition(RunEvent.NodeTransition e) {
    LiveRun run = runs.get(e.runId());
    if (run == null) {
      return; // started before these meters were listening
    }
    if (e.to() == NodeState.WAITING) {
      if (run.waitingGates.add(e.nodePath())) {
        meters.gatesWaiting(run.workflow).incrementAndGet();
      }
    } else if (run.waitingGates.remove(e.nodePath())) {
      meters.gatesWaiting(run.workflow).decrementAndGet();
    }
  }

  private String workflow(String runId) {
    LiveRun run = runs.get(runId);
    return run == null ? "unknown" : run.workflow;
  }

  // ---- nodes -------------------------------------------------------------------------------------

  @Override
  public void nodeTransition(RunEvent.NodeTransition e) {
    if (e.to() == NodeState.WAITING || e.from() == NodeState.WAITING) {
      gateTransition(e);
    }
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
