package dev.sluice.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something about a run worth telling people.
 *
 * @param kind what happened
 * @param runId the run
 * @param workflow its workflow's name
 * @param at when, by the engine's clock
 * @param summary one line for humans, e.g. {@code run nightly-x of 'nightly' failed: node 'train' ...}
 * @param errorType the error's type when the run failed (e.g. {@code java.lang.IllegalStateException})
 * @param deadline the deadline a late run passed
 */
public record Alert(
    Kind kind,
    String runId,
    String workflow,
    Instant at,
    String summary,
    Optional<String> errorType,
    Optional<Duration> deadline) {

  public Alert {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(errorType, "errorType");
    Objects.requireNonNull(deadline, "deadline");
  }

  /** The kinds of alert. A run waiting at a gate is not one yet: gates do not exist in the engine. */
  public enum Kind {
    /** The run failed. */
    FAILED,
    /** The run succeeded, but some node needed more than one attempt. */
    SUCCEEDED_AFTER_RETRIES,
    /** The run was still running at its deadline (or its launch plan's SLA). */
    LATE
  }
}
