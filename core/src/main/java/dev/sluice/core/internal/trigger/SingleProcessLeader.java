package dev.sluice.core.internal.trigger;

import dev.sluice.core.spi.LeaderElection;

/** Always the leader: one replica, nothing to coordinate. */
public final class SingleProcessLeader implements LeaderElection {
  @Override
  public void start() {}

  @Override
  public boolean isLeader() {
    return true;
  }

  @Override
  public String identity() {
    return "single-process";
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "single-process leader";
  }
}
