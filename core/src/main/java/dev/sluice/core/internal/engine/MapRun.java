package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.MapFailedException;
import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.model.MapNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Runs a map node: one task call (or, for a map of gates, one waiting gate) per list element, at
 * most {@code concurrency} at once. The map
 * fails as soon as more elements failed than its minimum success ratio allows (the rest are
 * cancelled); otherwise it succeeds with the results in order, {@code null} for failed elements.
 */
final class MapRun implements TaskRun.Owner {
  private static final int WAITING = 0;
  private static final int STARTED = 1;
  private static final int DONE = 2;

  private final Frame frame;
  private final int index;
  private final NodeRecord record;
  private final MapNode node;
  private final Object items;
  private Object[] results;
  private NodeRecord[] elements;
  private TaskCall[] calls;
  private GateRun[] gates;
  private AtomicIntegerArray phase;
  private Limiter limiter;
  private int allowedFailures;
  private final AtomicInteger remaining = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile NodeError firstFailure;
  private volatile NodeError stopped;

  MapRun(Frame frame, int index, NodeRecord record, MapNode node, Object items) {
    this.frame = frame;
    this.index = index;
    this.record = record;
    this.node = node;
    this.items = items;
  }

  void start() {
    if (!(items instanceof Collection<?> collection)) {
      frame.taskDone(
          index,
          null,
          new IllegalArgumentException(
              "map '" + record.path + "': items must be a List, got "
                  + (items == null ? "null" : items.getClass().getName())),
          null);
      return;
    }
    List<?> list = new ArrayList<>(collection);
    int n = list.size();
    if (n == 0) {
      frame.terminal(index, NodeState.SUCCEEDED, List.of(), null);
      return;
    }
    results = new Object[n];
    elements = new NodeRecord[n];
    if (node.gate().isPresent()) {
      gates = new GateRun[n];
    } else {
      calls = new TaskCall[n];
    }
    phase = new AtomicIntegerArray(n);
    remaining.set(n);
    allowedFailures = n - (int) Math.ceil(node.minSuccessRatio() * n - 1e-9);
    limiter = node.concurrency() > 0 ? new Limiter(node.concurrency()) : null;
    for (int k = 0; k < n; k++) {
      elements[k] = new NodeRecord(frame.run, record.path + "[" + k + "]", "element");
      if (gates != null) {
        int slot = k;
        gates[k] = new GateRun(frame.run, elements[k], node.gate().get(), about(k, list.get(k)),
            (state, value, error) -> gateDone(slot, state, value, error));
      } else {
        calls[k] = TaskCall.of(frame.run, this, k, elements[k], node.task(), new Object[] {list.get(k)});
      }
    }
    record.children = List.of(elements);
    record.mapRun = this;
    for (int k = 0; k < n; k++) {
      int element = k;
      Runnable launch =
          () -> {
            if (phase.compareAndSet(element, WAITING, STARTED)) {
              if (gates != null) {
                gates[element].start();
              } else {
                calls[element].start();
              }
            } else if (limiter != null) {
              limiter.release();
            }
          };
      if (limiter == null) {
        launch.run();
      } else {
        limiter.submit(launch);
      }
    }
  }

  /** For a waiting element's gate: which element, and its item, for people deciding. */
  private static String about(int k, Object item) {
    String text = String.valueOf(item);
    return "for item " + k + ": " + (text.length() > 80 ? text.substring(0, 80) + "…" : text);
  }

  @Override
  public void taskDone(int slot, Object value, Throwable failure, NodeError cancelled) {
    elementDone(slot, NodeState.SUCCEEDED, value, failure == null ? null : NodeError.of(failure), cancelled);
  }

  /** An element's gate ended (signalled, timed out, rejected, restored or cancelled). */
  private void gateDone(int slot, NodeState state, Object value, NodeError error) {
    if (state == NodeState.FAILED) {
      elementDone(slot, NodeState.SUCCEEDED, null, error, null);
    } else if (state == NodeState.CANCELLED) {
      elementDone(slot, NodeState.SUCCEEDED, null, null, error);
    } else {
      elementDone(slot, state, value, null, null);
    }
  }

  @Override
  public void taskCached(int slot, Object value) {
    elementDone(slot, NodeState.CACHED, value, null, null);
  }

  /** One element ended; {@code success} is the state it ends in if it neither failed nor stopped. */
  private void elementDone(int slot, NodeState success, Object value, NodeError failure, NodeError cancelled) {
    int before = phase.getAndSet(slot, DONE);
    if (before == DONE) {
      return;
    }
    NodeRecord element = elements[slot];
    if (failure != null) {
      NodeError error = failure;
      element.moveTo(NodeState.FAILED, element.attempts, error, null);
      if (firstFailure == null) {
        firstFailure = new NodeError(error.type(), "element " + slot + ": " + error.message(), error.cause());
      }
      if (failures.incrementAndGet() > allowedFailures) {
        stop(new NodeError("MapFailed", "not run: map '" + record.path + "' already failed", null));
      }
    } else if (cancelled != null) {
      element.moveTo(NodeState.CANCELLED, element.attempts, cancelled, null);
    } else {
      results[slot] = value;
      element.moveTo(success, element.attempts);
    }
    if (before == STARTED && limiter != null) {
      limiter.release();
    }
    if (remaining.decrementAndGet() == 0) {
      conclude();
    }
  }

  private void conclude() {
    int failed = failures.get();
    if (failed > allowedFailures) {
      int n = results.length;
      frame.taskDone(
          index,
          null,
          new MapFailedException(
              "map '" + record.path + "': " + failed + " of " + n + " elements failed but at most "
                  + allowedFailures + " may (minSuccessRatio " + node.minSuccessRatio()
                  + "); first failure, " + firstFailure.message(),
              firstFailure.cause()),
          null);
    } else if (stopped != null && frame.run.isStopping()) {
      frame.taskDone(index, null, null, stopped);
    } else {
      frame.taskDone(index, Collections.unmodifiableList(Arrays.asList(results)), null, null);
    }
  }

  /** Cancels every element not yet done. */
  void stop(NodeError why) {
    stopped = why;
    int n = phase == null ? 0 : phase.length();
    for (int k = 0; k < n; k++) {
      if (phase.get(k) == STARTED) {
        if (gates != null) {
          gates[k].cancel(why);
        } else {
          calls[k].cancel(why);
        }
      } else if (phase.get(k) == WAITING) {
        taskDone(k, null, null, why);
      }
    }
  }
}
