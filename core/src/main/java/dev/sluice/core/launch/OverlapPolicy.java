package dev.sluice.core.launch;

/**
 * What a firing (of a schedule, a metric trigger or an event trigger) does when a run it launched
 * earlier for the same launch plan is still going. The kinds are closed; every decision is recorded
 * in the plan's or trigger's history.
 *
 * <pre>{@code
 * LaunchPlan.builder("nightly", retrain).defaultInput(p).schedule(daily)
 *     .overlap(OverlapPolicy.queue(3))     // wait for the running one, at most 3 waiting
 *     .build();
 * }</pre>
 *
 * <p>"Running" means launched by this trigger service (any of its schedules and triggers of the
 * plan) and not ended: runs started by hand, by another program, or before a restart are not
 * counted.
 */
public sealed interface OverlapPolicy
    permits OverlapPolicy.Skip, OverlapPolicy.Queue, OverlapPolicy.CancelRunning, OverlapPolicy.Allow {

  /** The firing is dropped (recorded as {@code IN_FLIGHT}). The default of metric and event triggers. */
  static Skip skip() {
    return new Skip();
  }

  /**
   * The firing waits until the running run ends, then launches (recorded as {@code QUEUED}, then
   * {@code LAUNCHED}); at most {@code bound} firings wait, later ones are dropped ({@code
   * QUEUE_FULL}). Waiting firings live in the service's memory: a restart, or a new leader, drops them.
   */
  static Queue queue(int bound) {
    return new Queue(bound);
  }

  /** The running runs are cancelled, then the firing launches (the reason names the cancelled runs). */
  static CancelRunning cancelRunning() {
    return new CancelRunning();
  }

  /** The firing launches next to the running ones. The default of launch plans' schedules. */
  static Allow allow() {
    return new Allow();
  }

  /** A name for history and views: {@code SKIP}, {@code QUEUE(3)}, {@code CANCEL_RUNNING}, {@code ALLOW}. */
  String describe();

  /** Drop the firing. */
  record Skip() implements OverlapPolicy {
    @Override
    public String describe() {
      return "SKIP";
    }
  }

  /**
   * Wait for the running run.
   *
   * @param bound how many firings may wait, at least 1
   */
  record Queue(int bound) implements OverlapPolicy {
    public Queue {
      if (bound < 1) {
        throw new IllegalArgumentException(
            "a queue overlap policy must let at least 1 firing wait, got " + bound + "; use OverlapPolicy.skip() for none");
      }
    }

    @Override
    public String describe() {
      return "QUEUE(" + bound + ")";
    }
  }

  /** Cancel the running runs, then launch. */
  record CancelRunning() implements OverlapPolicy {
    @Override
    public String describe() {
      return "CANCEL_RUNNING";
    }
  }

  /** Launch regardless. */
  record Allow() implements OverlapPolicy {
    @Override
    public String describe() {
      return "ALLOW";
    }
  }
}
