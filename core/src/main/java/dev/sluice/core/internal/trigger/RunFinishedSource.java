package dev.sluice.core.internal.trigger;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.model.Names;
import dev.sluice.core.spi.EventSource;
import dev.sluice.core.trigger.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs of one workflow that ended, as events. With a run store, the store is read every interval
 * (and at once when this engine ends a run of the workflow), so runs of other engines count; the
 * payload is the journaled output. Without one, this engine's runs are heard through a listener and
 * the payload is the output the run's handle gives, as JSON.
 */
public final class RunFinishedSource implements EventSource {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.triggers");
  private static final int NEWEST = 200;

  private final Engine engine;
  private final String workflow;
  private final Set<RunState> states;
  private final Duration every;
  private final String name;
  private final Cache<String, Boolean> seen = CacheBuilder.newBuilder().maximumSize(10_000).build();
  private final Map<String, RunHandle<Object>> going = new ConcurrentHashMap<>();
  private volatile Sink sink;
  private volatile Instant since;
  private volatile boolean closed;
  private RunJournal journal;
  private final RunListener listener = new RunListener() {
    @Override
    public void runStarted(RunEvent.RunStarted e) {
      if (journal == null && e.workflowName().equals(workflow)) {
        engine.activeRun(e.runId()).ifPresent(h -> going.put(e.runId(), h));
      }
    }

    @Override
    public void runFinished(RunEvent.RunFinished e) {
      if (!e.workflowName().equals(workflow) || closed) {
        return;
      }
      if (journal != null) {
        later(0);
        return;
      }
      RunHandle<Object> h = going.remove(e.runId());
      if (states.contains(e.state())) {
        if (h == null || e.state() != RunState.SUCCEEDED) {
          emit(e.runId(), e.state(), e.at(), "null");
        } else {
          h.completion().whenComplete((out, err) -> emit(e.runId(), e.state(), e.at(), json(out)));
        }
      }
    }
  };

  public RunFinishedSource(Engine engine, String workflow, Set<RunState> states, Duration every) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.workflow = Objects.requireNonNull(workflow, "workflow");
    if (states.isEmpty() || states.stream().anyMatch(s -> !s.isTerminal())) {
      throw new IllegalArgumentException("a run-finished source takes end states (SUCCEEDED, FAILED, CANCELLED), got " + states);
    }
    this.states = Set.copyOf(EnumSet.copyOf(states));
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("a run-finished source's poll interval must be positive, got " + every);
    }
    this.every = every;
    String full = "run-finished." + workflow;
    this.name = Names.fit(full); // a source's name has at most 128 characters
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start(Sink sink) {
    this.sink = sink;
    this.since = sink.clock().instant();
    try {
      this.journal = engine.journal();
    } catch (IllegalStateException noRunStore) {
      log.info("{}: the engine has no run store; only its own runs of '{}' are seen", name, workflow);
    }
    try {
      engine.addListener(listener);
    } catch (UnsupportedOperationException e) {
      log.info("{}: the engine takes no listeners; runs are seen at the next read of the run store", name);
    }
    if (journal != null) {
      later(every.toNanos());
    }
  }

  private void later(long nanos) {
    try {
      sink.scheduler().schedule(() -> {
        poll();
        if (nanos > 0) {
          later(nanos);
        }
      }, nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopped) {
      closed = true;
    }
  }

  private synchronized void poll() {
    if (closed) {
      return;
    }
    try {
      for (RunSummary s : journal.runs(RunQuery.builder().workflow(workflow).states(states.toArray(new RunState[0])).limit(NEWEST).build())) {
        if (s.ended().isPresent() && !s.ended().get().isBefore(since) && seen.getIfPresent(s.runId()) == null) {
          RunHistory h = journal.history(s.runId());
          emit(s.runId(), s.state(), s.ended().get(), h.lastUpdate().flatMap(u -> u.outputJson()).orElse("null"));
        }
      }
    } catch (RuntimeException e) {
      log.warn("{}: reading the run store failed (tried again in {}): {}", name, every, e.toString());
    }
  }

  private synchronized void emit(String runId, RunState state, Instant at, String payload) {
    if (closed || seen.getIfPresent(runId) != null) {
      return;
    }
    seen.put(runId, true);
    try {
      sink.accept(new Event(name, runId, "run-finished", at, Map.of("workflow", workflow, "run", runId, "state",
          state.name()), payload));
    } catch (IllegalStateException notLeader) {
      log.debug("{}: run {} not handed over: {}", name, runId, notLeader.getMessage());
    } catch (RuntimeException e) {
      log.warn("{}: the triggers failed on run {}: {}", name, runId, e.toString());
    }
  }

  private static String json(Object value) {
    try {
      return HistoryJson.JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return "null";
    }
  }

  @Override
  public void close() {
    closed = true;
    engine.removeListener(listener);
  }

  @Override
  public String toString() {
    return "runs of '" + workflow + "' ending " + states;
  }
}
