package dev.sluice.core.launch;

/**
 * What the trigger service does with the firings of a schedule that passed while no replica of the
 * program was running (or leading). Either way, it is recorded in the plan's history.
 */
public enum MissedFiringPolicy {
  /** Missed firings are skipped; the schedule goes on from the next firing to come. */
  SKIP,
  /** However many firings were missed, the plan runs once as soon as the service starts. */
  RUN_ONCE
}
