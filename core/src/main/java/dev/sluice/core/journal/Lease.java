package dev.sluice.core.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * Ownership of one run by one engine until {@link #expires()}: the owner renews it by heart-beating
 * ({@code RunStore.renew}); a run whose lease expired while the run had not ended is orphaned, and
 * another engine may take it over. Each new owner gets a higher {@link #epoch()}.
 *
 * @param runId the run
 * @param owner the engine holding it
 * @param epoch increases with every change of owner (and every re-acquisition)
 * @param acquired when this owner acquired it
 * @param expires when it lapses unless renewed (the owner's clock)
 */
public record Lease(String runId, String owner, long epoch, Instant acquired, Instant expires) {

  public Lease {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(acquired, "acquired");
    Objects.requireNonNull(expires, "expires");
    if (epoch < 1) {
      throw new IllegalArgumentException("lease epoch must be at least 1, got " + epoch);
    }
  }

  /** Whether the lease has lapsed at {@code now}. */
  public boolean isExpired(Instant now) {
    return !now.isBefore(expires);
  }
}
