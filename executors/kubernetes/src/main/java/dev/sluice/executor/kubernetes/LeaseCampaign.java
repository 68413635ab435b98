package dev.sluice.executor.kubernetes;

import dev.sluice.core.spi.LeaderElection;
import java.util.Optional;

/**
 * A {@link KubernetesLeaderElection} at work: a {@link LeaderElection} that also says why this
 * replica cannot take or keep the Lease. A replica that stops leading (its renewals failed past the
 * renew deadline) campaigns again until it is closed.
 */
public interface LeaseCampaign extends LeaderElection {

  /**
   * The last failure of a call on the Lease, empty while they succeed: e.g. a 403 when the service
   * account lacks {@code patch} on {@code leases} ({@link KubernetesApiException#forbidden()},
   * {@link KubernetesApiException#verb()}), with which no replica can renew or take over. Logged at
   * ERROR when it appears; cleared by the next successful write of the Lease. For health checks.
   */
  Optional<KubernetesApiException> problem();
}
