package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.SignalOutcome;
import dev.sluice.core.internal.journal.SignalBox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the signals other processes keep in the store ({@code RunJournal.signal}) to the runs
 * this engine holds: one task per engine, not one per gate. While any journaled run of the engine
 * waits at a signal gate it lists the store's {@code signals/} once per interval, for all those
 * runs at once, and reads only the signals of runs it holds. The interval starts at {@link
 * #MIN_INTERVAL_MILLIS}, doubles after each look that found nothing up to {@link
 * #MAX_INTERVAL_MILLIS}, and drops back when a signal is found or a gate starts waiting; with no
 * waiting gate nothing is scheduled. A signal the run refuses (validator, type, a gate or run that
 * ended first) is moved aside with its reason for its sender to read, and logged.
 */
final class SignalPoller {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.run");
  static final long MIN_INTERVAL_MILLIS = 2_000;
  static final long MAX_INTERVAL_MILLIS = 16_000;

  private final DefaultEngine engine;
  private final SignalBox box;
  private final Set<Run> watched = ConcurrentHashMap.newKeySet();
  private final AtomicLong looks = new AtomicLong();
  private final Object lock = new Object();
  private ScheduledFuture<?> next;
  private boolean looking;
  private boolean fresh;
  private boolean closed;
  private long interval = MIN_INTERVAL_MILLIS;

  SignalPoller(DefaultEngine engine) {
    this.engine = engine;
    this.box = new SignalBox(engine.store());
  }

  /** A signal gate of {@code run} started waiting: look at the store soon, then at each interval. */
  void watch(Run run) {
    watched.add(run);
    synchronized (lock) {
      fresh = true;
      interval = MIN_INTERVAL_MILLIS;
      if (!closed && !looking && (next == null || next.getDelay(TimeUnit.MILLISECONDS) > MIN_INTERVAL_MILLIS)) {
        if (next != null) {
          next.cancel(false);
        }
        next = schedule(MIN_INTERVAL_MILLIS);
      }
    }
  }

  /**
   * Applies at once the signals kept for the gate at {@code path} of a resumed run, on the caller's
   * thread: they were sent while no engine held the run, so before any deadline, and must win over
   * a deadline that passed meanwhile (the caller holds the gate's lock, so its timer waits).
   */
  void readNow(Run run, String path) {
    try {
      applyAll(run, box.list(run.runId).stream().filter(s -> s.gate().equals(path)).toList());
    } catch (RuntimeException e) {
      log.warn("run {}: reading the signals kept in the store for gate {} failed; trying again later: {}", run.runId,
          path, e.toString());
    }
  }

  /** How many times the store was looked at, for tests. */
  long looks() {
    return looks.get();
  }

  /** The interval before the next look, for tests. */
  long interval() {
    synchronized (lock) {
      return interval;
    }
  }

  void close() {
    synchronized (lock) {
      closed = true;
      if (next != null) {
        next.cancel(false);
      }
    }
  }

  private ScheduledFuture<?> schedule(long delay) {
    return engine.scheduler.schedule(() -> engine.taskPool.execute(this::look), delay, TimeUnit.MILLISECONDS);
  }

  private void look() {
    synchronized (lock) {
      if (closed || looking) {
        return;
      }
      looking = true;
      next = null;
    }
    boolean found = false;
    try {
      found = lookOnce();
    } catch (RuntimeException e) {
      log.warn("reading the signals kept in the store failed; trying again later: {}", e.toString());
    } finally {
      synchronized (lock) {
        looking = false;
        interval = found || fresh ? MIN_INTERVAL_MILLIS : Math.min(interval * 2, MAX_INTERVAL_MILLIS);
        fresh = false;
        if (!closed && !watched.isEmpty() && next == null) {
          next = schedule(interval);
        }
      }
      looks.incrementAndGet();
    }
  }

  /** One listing for every watched run; returns whether any signal was found. */
  private boolean lookOnce() {
    Map<String, Run> byId = new HashMap<>();
    for (Run run : watched) {
      byId.put(run.runId, run);
    }
    if (byId.isEmpty()) {
      return false;
    }
    Map<String, List<String>> pending = box.pending(byId.keySet());
    for (Map.Entry<String, List<String>> e : pending.entrySet()) {
      Run run = byId.get(e.getKey());
      List<SignalBox.Stored> stored = new ArrayList<>();
      for (String signalId : e.getValue()) {
        box.get(run.runId, signalId).ifPresent(stored::add);
      }
      stored.sort(Comparator.comparing(SignalBox.Stored::sent).thenComparing(SignalBox.Stored::signalId));
      applyAll(run, stored);
    }
    for (Run run : byId.values()) {
      if (run.isDone() || !run.waitsForSignal()) {
        watched.remove(run);
        if (run.waitsForSignal()) {
          watched.add(run); // a gate started waiting meanwhile
        }
      }
    }
    return !pending.isEmpty();
  }

  private void applyAll(Run run, List<SignalBox.Stored> signals) {
    for (SignalBox.Stored stored : signals) {
      apply(run, stored);
    }
  }

  /** Applies one stored signal, refuses it, or leaves it for later (its gate has not started waiting). */
  private void apply(Run run, SignalBox.Stored stored) {
    GateRun gate = run.waitingGate(stored.gate());
    if (gate == null) {
      String ended = run.isDone() ? "the run ended " + run.status().state() + " before it was applied"
          : run.gateEnded(stored.gate()) ? "gate '" + stored.gate() + "' had ended before it was applied" : null;
      if (ended != null) {
        refuse(run, stored, ended);
      }
      return;
    }
    SignalOutcome outcome;
    try {
      Object payload = run.durability().decode(stored.payloadJson(), gate.gate.payloadType(),
          "the payload of signal " + stored.signalId());
      outcome = gate.offer(payload, stored.signalId(), stored.payloadJson());
    } catch (RuntimeException e) {
      refuse(run, stored, e.getMessage());
      return;
    }
    log.info("run {}: signal {} kept in the store for gate {}: {}", run.runId, stored.signalId(), stored.gate(),
        outcome);
    RunJournaling j = run.journaling;
    if (j != null) {
      j.synced().whenComplete((ok, failed) -> {
        if (failed == null) {
          box.delete(run.runId, stored.signalId());
        }
      });
    }
  }

  private void refuse(Run run, SignalBox.Stored stored, String reason) {
    log.warn("run {}: signal {} kept in the store for gate {} is refused: {} (its sender reads this in"
        + " RunJournal.refusedSignals)", run.runId, stored.signalId(), stored.gate(), reason);
    try {
      box.refuse(run.runId, stored, reason, Instant.ofEpochMilli(run.clock.millis()));
    } catch (RuntimeException e) {
      log.warn("run {}: the refusal of signal {} could not be stored; trying again later: {}", run.runId,
          stored.signalId(), e.toString());
    }
  }
}
