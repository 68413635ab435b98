package dev.sluice.executor.kubernetes.internal;

import dev.sluice.executor.kubernetes.KubernetesApiException;
import dev.sluice.executor.kubernetes.KubernetesLeaderElection;
import dev.sluice.executor.kubernetes.LeaseCampaign;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LeaseCampaign} over a {@code coordination.k8s.io/v1} Lease, with fabric8's elector. One
 * fabric8 campaign ends when its leader stops renewing (fabric8's {@code LeaderElector} may run
 * once); this one then starts another, so a replica whose renewals failed for a while (API down,
 * missing permission fixed later) competes again instead of never leading.
 */
public final class LeaseElection implements LeaseCampaign {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.kubernetes");

  private final KubernetesLeaderElection settings;
  private final KubernetesClient client;
  private final String namespace;
  private final AtomicReference<KubernetesApiException> problem = new AtomicReference<>();
  private volatile boolean leader;
  private volatile boolean closed;
  private CompletableFuture<?> campaign;

  public LeaseElection(KubernetesLeaderElection settings) {
    this.settings = settings;
    Config base = KubeClients.config(settings.kubeconfig(), settings.context());
    this.namespace =
        settings.namespace().orElse(base.getNamespace() != null ? base.getNamespace() : "default");
    // The elector retries every retry period itself. fabric8's own retries (10, backing off up to
    // seconds) and its 10 s request timeout could hold one renewal past the lease duration while
    // this replica still believes it leads and another takes over: each call gets the renew
    // deadline at most, as client-go's elector gives each renewal.
    int deadline = (int) Math.min(Integer.MAX_VALUE, settings.renewDeadline().toMillis());
    this.client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(base).withNamespace(namespace)
                .withUserAgent("sluice-leader-election")
                .withRequestRetryBackoffLimit(0)
                .withRequestTimeout(deadline)
                .withConnectionTimeout(deadline)
                .build())
            .build();
  }

  @Override
  public synchronized void start() {
    if (campaign != null || closed) {
      return;
    }
    log.info("{} campaigning for Lease {}", settings.identity(), lease());
    campaign();
  }

  private synchronized void campaign() {
    if (closed) {
      return;
    }
    LeaseLock lock = new LeaseLock(namespace, settings.leaseName(), settings.identity());
    CompletableFuture<?> running =
        client.leaderElector()
            .withConfig(new LeaderElectionConfigBuilder()
                .withName(settings.leaseName())
                .withLock(new WatchedLease(lock, namespace, this::report, this::written))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading,
                    newLeader -> log.debug("Lease {} is held by {}", lease(), newLeader)))
                .build())
            .build()
            .start();
    campaign = running;
    running.whenComplete((v, e) -> {
      leader = false;
      if (!closed) {
        log.warn("{} lost the Lease {}{}; campaigning again", settings.identity(), lease(),
            problem().map(p -> ": " + p.getMessage()).orElse(" (renewal did not succeed within the renew deadline)"));
        campaign();
      }
    });
  }

  private void startedLeading() {
    leader = true;
    log.info("{} leads (Lease {})", settings.identity(), lease());
  }

  private void stoppedLeading() {
    leader = false;
    log.info("{} no longer leads (Lease {})", settings.identity(), lease());
  }

  private void report(KubernetesApiException error) {
    KubernetesApiException previous = problem.getAndSet(error);
    if (previous != null && previous.getMessage().equals(error.getMessage())) {
      return; // said once; fabric8 retries every retry period
    }
    if (error.forbidden()) {
      log.error("{} {}{}", settings.identity(), leader ? "cannot renew the Lease it holds: " : "cannot take the Lease: ",
          error.getMessage());
    } else {
      log.warn("{} Lease {}: {}", settings.identity(), lease(), error.getMessage());
    }
  }

  private void written() {
    if (problem.getAndSet(null) != null) {
      log.info("{} writes the Lease {} again", settings.identity(), lease());
    }
  }

  @Override
  public Optional<KubernetesApiException> problem() {
    return Optional.ofNullable(problem.get());
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
  public void close() {
    CompletableFuture<?> running;
    synchronized (this) {
      closed = true;
      running = campaign;
    }
    if (running != null) {
      running.cancel(true); // releases the Lease if held (releaseOnCancel)
      try {
        running.handle((v, e) -> null).get(settings.renewDeadline().toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        log.debug("waiting for the campaign of {} to end: {}", settings.identity(), e.toString());
      }
    }
    leader = false;
    client.close();
  }

  private String lease() {
    return namespace + "/" + settings.leaseName();
  }

  @Override
  public String toString() {
    return "Kubernetes Lease election " + lease() + " as " + settings.identity();
  }
}
