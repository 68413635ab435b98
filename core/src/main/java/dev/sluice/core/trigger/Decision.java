package dev.sluice.core.trigger;

/** What one evaluation of a trigger (or one firing of a schedule) decided. The kinds are closed. */
public enum Decision {
  /** The condition was met (or a schedule fired) and a run was launched. */
  LAUNCHED,
  /** The condition was not met. */
  NOT_MET,
  /** The condition holds, but not yet for its sustained-for duration (or absence duration). */
  PENDING,
  /** A threshold with hysteresis fired before and waits for the value to come back to re-arm. */
  DISARMED,
  /** A source answered with no series: no value, nothing compared. */
  NO_DATA,
  /** A source could not be read (down, timed out, circuit open): the trigger did not fire. */
  SOURCE_UNAVAILABLE,
  /** A source refused the query or answered with data the condition cannot use (fix the query). */
  SOURCE_ERROR,
  /**
   * The condition was met (or a schedule or event fired), but a run of the plan is still going and
   * the overlap policy is SKIP.
   */
  IN_FLIGHT,
  /** The condition was met, but the trigger launched less than its cooldown ago. */
  COOLDOWN,
  /** The condition was met, but computing the inputs or starting the run failed. */
  LAUNCH_FAILED,
  /** Schedule firings missed while the service was down were skipped (policy SKIP). */
  SKIPPED,
  /** A run of the plan is still going and the overlap policy is QUEUE: the firing waits for it. */
  QUEUED,
  /** A run of the plan is still going and the overlap policy's queue is full: the firing is dropped. */
  QUEUE_FULL,
  /** Debounced: the firing is held until no other firing comes for the debounce duration. */
  DEBOUNCED,
  /** The trigger or schedule is paused: the firing did not run (or an operator paused it). */
  PAUSED,
  /** An operator resumed the trigger or schedule. */
  RESUMED
}
