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
 * @param gate the gate a {@link Kind#WAITING} run waits at
 */
public record Alert(
    Kind kind,
    String runId,
    String workflow,
    Instant at,
    String summary,
    Optional<String> errorType,
    Optional<Duration> deadline,
    Optional<Gate> gate) {

  public Alert {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(errorType, "errorType");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(gate, "gate");
  }

  /** An alert about no gate. */
  public Alert(
      Kind kind, String runId, String workflow, Instant at, String summary, Optional<String> errorType,
      Optional<Duration> deadline) {
    this(kind, runId, workflow, at, summary, errorType, deadline, Optional.empty());
  }

  /**
   * A gate a run waits at. Nothing secret is in it: the run, the gate, what it expects and how to
   * send the signal (never a token or a URL's credentials).
   *
   * @param path the gate's path in the run ({@code approve}, {@code review/approve})
   * @param expects what it waits for, readable ("approval 'approve' (Approval)", "sleep PT1H")
   * @param signal the signal it takes; empty for a sleep
   * @param until when its timer fires (the timeout passes); empty: it waits until signalled
   * @param since when it started waiting (on resume: when its first life did)
   * @param howToSignal how a person sends the signal ({@link RunAlerts.Builder#howToSignal})
   */
  public record Gate(
      String path, String expects, Optional<String> signal, Optional<Instant> until, Instant since, String howToSignal) {
    public Gate {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(expects, "expects");
      Objects.requireNonNull(signal, "signal");
      Objects.requireNonNull(until, "until");
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(howToSignal, "howToSignal");
    }
  }

  /** The kinds of alert. */
  public enum Kind {
    /** The run failed. */
    FAILED,
    /** The run succeeded, but some node needed more than one attempt. */
    SUCCEEDED_AFTER_RETRIES,
    /** The run was still running at its deadline (or its launch plan's SLA). */
    LATE,
    /**
     * A gate of the run waits for a signal (an approval, typically): at once, or once it has waited
     * longer than {@link RunAlerts.Builder#waitingAfter}. Sleeps are not reported.
     */
    WAITING
  }
}
