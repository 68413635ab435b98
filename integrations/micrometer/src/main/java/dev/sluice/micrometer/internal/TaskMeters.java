package dev.sluice.micrometer.internal;

import dev.sluice.core.engine.NodeState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters of one task on one executor, found with two map reads and no allocation per event;
 * the ones tagged with a state or outcome are registered when first used.
 */
final class TaskMeters {
  static final String[] OUTCOMES = {"success", "failure", "cancelled"};

  final String task;
  final String executor;
  final Timer queueWait;
  final Counter retries;
  final Counter cacheHits;
  final Counter cacheMisses;
  final AtomicInteger inFlight;
  final AtomicInteger waiting;
  private final Meters meters;
  private final AtomicReferenceArray<Timer> durations = new AtomicReferenceArray<>(NodeState.values().length);
  private final AtomicReferenceArray<Counter> ended = new AtomicReferenceArray<>(NodeState.values().length);
  private final AtomicReferenceArray<Timer> attempts = new AtomicReferenceArray<>(OUTCOMES.length);

  TaskMeters(Meters meters, String task, String executor) {
    this.meters = meters;
    this.task = task;
    this.executor = executor;
    this.queueWait = meters.queueWait(task, executor);
    this.retries = meters.retries(task, executor);
    this.cacheHits = meters.cacheHits(task);
    this.cacheMisses = meters.cacheMisses(task);
    this.inFlight = meters.inFlight(executor);
    this.waiting = meters.waiting(executor);
  }

  Timer duration(NodeState state, String name) {
    Timer t = durations.get(state.ordinal());
    if (t == null) {
      t = meters.nodeDuration(task, executor, name);
      durations.set(state.ordinal(), t);
    }
    return t;
  }

  Counter ended(NodeState state, String name) {
    Counter c = ended.get(state.ordinal());
    if (c == null) {
      c = meters.nodesEnded(task, executor, name);
      ended.set(state.ordinal(), c);
    }
    return c;
  }

  /** 0 success, 1 failure, 2 cancelled. */
  Timer attempt(int outcome) {
    Timer t = attempts.get(outcome);
    if (t == null) {
      t = meters.attemptDuration(task, executor, OUTCOMES[outcome]);
      attempts.set(outcome, t);
    }
    return t;
  }
}
