package dev.sluice.executor.kubernetes;

import dev.sluice.core.spi.LeaderElection;
import dev.sluice.executor.kubernetes.internal.LeaseElection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Leader election for the trigger service over a Kubernetes {@code coordination.k8s.io/v1} Lease:
 * with several replicas of a program, only the replica holding the Lease evaluates triggers and
 * launches runs; when it stops renewing, another takes over after the lease duration. A replica
 * that lost the Lease campaigns again; one that cannot write the Lease says why at ERROR and in
 * {@link LeaseCampaign#problem()}. The service account needs {@code get}, {@code create} and {@code
 * patch} on {@code leases} (fabric8's elector renews with a JSON merge PATCH, never an update).
 *
 * <pre>{@code
 * TriggerService triggers = TriggerService.builder(engine)
 *     .leaderElection(KubernetesLeaderElection.builder().leaseName("qoe-triggers").build().create())
 *     .trigger(retrainOnDrift)
 *     .build();
 * }</pre>
 *
 * @param kubeconfig a kubeconfig file; empty: fabric8's auto-configuration (in-cluster in a pod)
 * @param context the kubeconfig context; empty: the current one
 * @param namespace the Lease's namespace; empty: the context's, else {@code default}
 * @param leaseName the Lease object's name, shared by all replicas
 * @param identity this replica's name in the Lease (default: {@code $HOSTNAME}, the pod name)
 * @param leaseDuration how long a Lease holds without renewal before another may take it
 * @param renewDeadline how long the leader keeps trying to renew before it gives up leading
 * @param retryPeriod how often replicas try to acquire or renew
 */
public record KubernetesLeaderElection(
    Optional<Path> kubeconfig,
    Optional<String> context,
    Optional<String> namespace,
    String leaseName,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod) {

  public KubernetesLeaderElection {
    Objects.requireNonNull(kubeconfig, "kubeconfig");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(namespace, "namespace");
    if (leaseName == null || !leaseName.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
      throw new IllegalArgumentException(
          "lease name '" + leaseName + "' is not a valid Kubernetes object name (lower-case"
              + " letters, digits, '-' and '.')");
    }
    if (identity == null || identity.isBlank()) {
      throw new IllegalArgumentException("identity must name this replica, e.g. its pod name");
    }
    if (!(leaseDuration.compareTo(renewDeadline) > 0 && renewDeadline.compareTo(retryPeriod) > 0
        && !retryPeriod.isNegative() && !retryPeriod.isZero())) {
      throw new IllegalArgumentException(
          "Lease timings must satisfy leaseDuration > renewDeadline > retryPeriod > 0; got "
              + leaseDuration + ", " + renewDeadline + ", " + retryPeriod);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A new election with these settings; call {@link LeaderElection#start()} to campaign. */
  public LeaseCampaign create() {
    return new LeaseElection(this);
  }

  /** Mutable builder; {@link #build()} checks the settings. */
  public static final class Builder {
    private Path kubeconfig;
    private String context;
    private String namespace;
    private String leaseName = "sluice-triggers";
    private String identity = defaultIdentity();
    private Duration leaseDuration = Duration.ofSeconds(15);
    private Duration renewDeadline = Duration.ofSeconds(10);
    private Duration retryPeriod = Duration.ofSeconds(2);

    private Builder() {}

    private static String defaultIdentity() {
      String host = System.getenv("HOSTNAME");
      return host != null && !host.isBlank() ? host : "sluice-" + UUID.randomUUID();
    }

    public Builder kubeconfig(Path kubeconfig) {
      this.kubeconfig = Objects.requireNonNull(kubeconfig, "kubeconfig");
      return this;
    }

    public Builder context(String context) {
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    public Builder namespace(String namespace) {
      this.namespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    public Builder leaseName(String leaseName) {
      this.leaseName = leaseName;
      return this;
    }

    public Builder identity(String identity) {
      this.identity = identity;
      return this;
    }

    /** Lease duration, renew deadline and retry period (defaults 15 s, 10 s, 2 s, as client-go). */
    public Builder timings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
      this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
      this.renewDeadline = Objects.requireNonNull(renewDeadline, "renewDeadline");
      this.retryPeriod = Objects.requireNonNull(retryPeriod, "retryPeriod");
      return this;
    }

    public KubernetesLeaderElection build() {
      return new KubernetesLeaderElection(Optional.ofNullable(kubeconfig), Optional.ofNullable(context),
          Optional.ofNullable(namespace), leaseName, identity, leaseDuration, renewDeadline, retryPeriod);
    }
  }
}
