package dev.sluice.console.ops;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A gate a run waits at, as the run page and the waiting-gates list show it.
 *
 * @param runId the run
 * @param workflow the run's workflow
 * @param path the gate node's path
 * @param signal the signal it waits for; empty for a sleep
 * @param expects what it waits for, in words ("approval 'promote' (Approval)", "sleep PT1H")
 * @param payloadType the payload's Java type, for a signal
 * @param approval whether it is an approval gate (approve / reject apply)
 * @param deadline when its timer fires; empty: no timeout
 * @param since when it started waiting
 */
public record GateView(
    String runId,
    String workflow,
    String path,
    Optional<String> signal,
    String expects,
    Optional<String> payloadType,
    boolean approval,
    Optional<Instant> deadline,
    Instant since) {
  public GateView {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(expects, "expects");
    Objects.requireNonNull(payloadType, "payloadType");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(since, "since");
  }
}
