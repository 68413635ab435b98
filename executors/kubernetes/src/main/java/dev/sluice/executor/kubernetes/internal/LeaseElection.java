package dev.sluice.executor.kubernetes.internal;

import dev.sluice.core.spi.LeaderElection;
import dev.sluice.executor.kubernetes.KubernetesLeaderElection;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link LeaderElection} over a {@code coordination.k8s.io/v1} Lease, with fabric8's elector. */
public final class LeaseElection implements LeaderElection {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.kubernetes");

  private final KubernetesLeaderElection settings;
  private final KubernetesClient client;
  private final String namespace;
  private volatile boolean leader;
  private volatile CompletableFuture<?> campaign;

  public LeaseElection(KubernetesLeaderElection settings) {
    this.settings = settings;
    Config base = KubeClients.config(settings.kubeconfig(), settings.context());
    this.namespace =
        settings.namespace().orElse(base.getNamespace() != null ? base.getNamespace() : "default");
    this.client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(base).withNamespace(namespace)
                .withUserAgent("sluice-leader-election").build())
            .build();
  }

  @Override
  public synchronized void start() {
    if (campaign != null) {
      return;
    }
    campaign =
        client.leaderElector()
            .withConfig(new LeaderElectionConfigBuilder()
                .withName(settings.leaseName())
                .withLock(new LeaseLock(namespace, settings.leaseName(), settings.identity()))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                    () -> {
                      leader = true;
                      log.info("{} leads (Lease {}/{})", settings.identity(), namespace, settings.leaseName());
                    },
                    () -> {
                      leader = false;
                      log.info("{} no longer leads (Lease {}/{})", settings.identity(), namespace,
                          settings.leaseName());
                    },
                    newLeader -> log.debug("Lease {}/{} is held by {}", namespace, settings.leaseName(), newLeader)))
                .build())
            .build()
            .start();
    log.info("{} campaigning for Lease {}/{}", settings.identity(), namespace, settings.leaseName());
  }

  @Override
  public boolean isLeader() {
    return leader;
  }

  @Override
  public String identity() {
    return settings.identity();
  }

  @Override
  public synchronized void close() {
    CompletableFuture<?> running = campaign;
    if (running != null) {
      running.cancel(true); // releases the Lease if held (releaseOnCancel)
      try {
        running.handle((v, e) -> null).get(settings.renewDeadline().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        log.debug("waiting for the campaign of {} to end: {}", settings.identity(), e.toString());
      }
    }
    leader = false;
    client.close();
  }

  @Override
  public String toString() {
    return "Kubernetes Lease election " + namespace + "/" + settings.leaseName() + " as " + settings.identity();
  }
}
