package dev.sluice.testing.internal.junit;

import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.testing.LaunchedRuns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The runs a test's engines started, in order, with their launch plan; waiters wake on every new
 * run (a monitor, no polling).
 */
public final class LaunchLog implements LaunchedRuns {
  /** A run, seen as a handle of Object: its output is only read, so any handle fits. */
  private record Launched(RunHandle<Object> run, String plan) {}

  private final List<Launched> runs = new ArrayList<>();

  /** Adds a run that just started; its launch plan is read from its labels. */
  @SuppressWarnings("unchecked")
  void add(RunHandle<?> run) {
    String plan = run.status().labels().get(LaunchPlan.LABEL);
    synchronized (this) {
      runs.add(new Launched((RunHandle<Object>) run, plan));
      notifyAll();
    }
  }

  @Override
  public synchronized List<RunHandle<Object>> all() {
    return runs.stream().map(Launched::run).toList();
  }

  @Override
  public List<RunHandle<Object>> awaitLaunched(int count, Duration timeout) {
    return await(count, timeout, l -> true, "run(s)");
  }

  @Override
  public List<RunHandle<Object>> awaitLaunched(String launchPlan, int count, Duration timeout) {
    Objects.requireNonNull(launchPlan, "launchPlan");
    return await(count, timeout, l -> launchPlan.equals(l.plan()), "run(s) of launch plan '" + launchPlan + "'");
  }

  private synchronized List<RunHandle<Object>> await(
      int count, Duration timeout, Predicate<Launched> which, String what) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    List<RunHandle<Object>> found = matching(which);
    try {
      while (found.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "expected at least " + count + " " + what + " to start within " + timeout + ", but "
                  + found.size() + " did. Started so far: " + describe() + ". With virtual time,"
                  + " advance the TestClock past the firing first (a schedule fires, and a trigger"
                  + " evaluates, only when the clock passes its time)");
        }
        wait(Math.max(1, left / 1_000_000));
        found = matching(which);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + count + " " + what + " to start", e);
    }
    return found;
  }

  private List<RunHandle<Object>> matching(Predicate<Launched> which) {
    return runs.stream().filter(which).map(Launched::run).toList();
  }

  private String describe() {
    return runs.isEmpty()
        ? "none"
        : runs.stream()
            .map(l -> l.run().runId() + (l.plan() != null ? " (" + LaunchPlan.LABEL + "=" + l.plan() + ")" : ""))
            .collect(Collectors.joining(", "));
  }
}
