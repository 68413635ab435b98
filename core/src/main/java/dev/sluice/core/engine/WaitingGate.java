package dev.sluice.core.engine;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A gate a run is waiting at, as {@code engine.waitingGates(runId)} lists it.
 *
 * @param path the gate node's path in the run ({@code approve}, {@code review/approve})
 * @param signal the signal it waits for; empty for a sleep
 * @param expects what it waits for, readable ("approval 'approve' (Approval)", "sleep PT1H")
 * @param payloadType the payload's type name, for a signal
 * @param deadline when its timer fires (the sleep ends or the timeout passes); empty: no timeout
 * @param since when it started waiting
 */
public record WaitingGate(
    String path,
    Optional<String> signal,
    String expects,
    Optional<String> payloadType,
    Optional<Instant> deadline,
    Instant since) {
  public WaitingGate {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(expects, "expects");
    Objects.requireNonNull(payloadType, "payloadType");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(since, "since");
  }

  /** "approval 'approve' (Approval) until 2026-12-07T15:00:00Z", for status tables. */
  public String describe() {
    return "waits for " + expects + deadline.map(d -> " until " + d).orElse(", no timeout");
  }
}
