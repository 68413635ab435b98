package dev.sluice.core.launch;

/**
 * What the trigger service does with the firings of a schedule that passed while no replica of the
 * program was running (or leading). Either way, it is recorded in the plan's history. Every firing
 * run, on time or caught up, carries the run key of its scheduled time ({@link LaunchPlan#runKey}),
 * as a backfill's runs do: catching up and backfilling the same range never run a firing twice.
 */
public enum MissedFiringPolicy {
  /** Missed firings are skipped; the schedule goes on from the next firing to come. */
  SKIP,
  /** However many firings were missed, the plan runs once as soon as the service starts (for the last one). */
  RUN_ONCE,
  /**
   * Every missed firing runs, one after the other, as a backfill of the missed range with a
   * concurrency of 1 would (at most {@value #MAX_CAUGHT_UP} firings; older ones are skipped and
   * recorded).
   */
  RUN_ALL;

  /** The most firings {@link #RUN_ALL} catches up at one start. */
  public static final int MAX_CAUGHT_UP = 1_000;
}
