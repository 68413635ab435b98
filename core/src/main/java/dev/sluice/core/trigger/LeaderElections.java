package dev.sluice.core.trigger;

import dev.sluice.core.internal.trigger.SingleProcessLeader;
import dev.sluice.core.spi.LeaderElection;

/**
 * The built-in {@link LeaderElection}s. With several replicas of a program, use one that
 * coordinates them (a Kubernetes Lease, with the Kubernetes module); otherwise every replica would
 * fire.
 */
public final class LeaderElections {
  private LeaderElections() {}

  /** This process is always the leader: for a program that runs as a single replica. */
  public static LeaderElection singleProcess() {
    return new SingleProcessLeader();
  }
}
