package dev.sluice.core.spi;

/**
 * Decides which replica of a program fires triggers when several run at once: only the leader
 * evaluates triggers and launches runs; the others stay idle and take over when it goes away.
 *
 * <p>Built in: {@code dev.sluice.core.trigger.LeaderElections.singleProcess()} (this process is
 * always the leader) and, in {@code sluice-executor-kubernetes}, {@code KubernetesLeaderElection}
 * over a Kubernetes Lease. The
 * trigger service calls {@link #start()} when it starts, {@link #isLeader()} before every
 * evaluation and firing, and {@link #close()} when it closes.
 */
public interface LeaderElection extends AutoCloseable {

  /** Starts campaigning (acquiring and renewing leadership in the background). */
  void start();

  /** Whether this replica leads right now. Called often: must be fast and must not block. */
  boolean isLeader();

  /** This replica's identity, for logs, e.g. the pod name. */
  String identity();

  /** Stops campaigning and gives leadership up, if held. */
  @Override
  void close();
}
