package dev.sluice.models.deploy;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Rollout} did.
 *
 * @param outcome deployed, unchanged (already serving) or rolled back
 * @param serving what serves after the rollout (empty if nothing could be restored)
 * @param reason why it rolled back (empty otherwise)
 */
public record RolloutResult(Outcome outcome, Optional<Deployment> serving, String reason) {
  public RolloutResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(serving, "serving");
    Objects.requireNonNull(reason, "reason");
  }

  /** The closed set of outcomes. */
  public enum Outcome {
    /** The new version serves and the alias points at it. */
    DEPLOYED,
    /** The version already served; nothing was done. */
    UNCHANGED,
    /** The new version failed; the previous one serves again and the alias moved back. */
    ROLLED_BACK
  }
}
