package dev.sluice.core.journal;

import dev.sluice.core.engine.RunState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run as a listing shows it: what ran, what started it, how it stands, who owns it.
 *
 * @param lease the lease in force or last held, if any
 */
public record RunSummary(
    String runId,
    String workflow,
    String version,
    RunState state,
    Instant started,
    Optional<Instant> ended,
    Map<String, String> labels,
    Origin origin,
    Optional<Lease> lease) {

  public RunSummary {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(ended, "ended");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(lease, "lease");
  }

  /**
   * Whether the run is orphaned at {@code now}: it has not ended and no engine holds a live lease
   * on it (its owner stopped heart-beating).
   */
  public boolean isOrphaned(Instant now) {
    return !state.isTerminal() && (lease.isEmpty() || lease.get().isExpired(now));
  }

  /** The same summary with another lease. */
  public RunSummary withLease(Optional<Lease> lease) {
    return new RunSummary(runId, workflow, version, state, started, ended, labels, origin, lease);
  }
}
