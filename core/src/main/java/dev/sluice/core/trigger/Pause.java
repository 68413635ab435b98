package dev.sluice.core.trigger;

import java.time.Instant;
import java.util.Objects;

/**
 * A trigger or schedule paused by an operator, as the store keeps it: while paused, schedule
 * firings are recorded as {@link Decision#PAUSED} and not run (resuming does not catch them up:
 * backfill them if they should run), metric triggers do not evaluate, events are dropped.
 *
 * @param by who paused it
 * @param at when
 * @param reason why, in words (may be empty)
 */
public record Pause(String by, Instant at, String reason) {
  public Pause {
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
  }
}
