package dev.sluice.core.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * A signal sent through the store ({@link RunJournal#signal}) that the engine holding the run
 * refused when it came to apply it: its validator refused the payload, the payload was not of the
 * gate's type, or the gate had ended first. Nothing changed in the run; the sender reads why here.
 *
 * @param signalId the id the sender gave
 * @param gate the gate's path
 * @param payloadJson the payload as sent
 * @param sent when it was kept in the store
 * @param reason why the engine refused it
 * @param refusedAt when
 */
public record RefusedSignal(
    String signalId, String gate, String payloadJson, Instant sent, String reason, Instant refusedAt) {
  public RefusedSignal {
    Objects.requireNonNull(signalId, "signalId");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(reason, "reason");
  }
}
