package dev.sluice.deploy.kubernetes;

import dev.sluice.deploy.kubernetes.internal.Kube;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The options every Kubernetes deployer's builder shares: which cluster and namespace (a kubeconfig
 * file and context, or fabric8's auto-configuration: in a pod, the service account), how often a
 * rollout's status is read, and the clock its timeout is measured on.
 *
 * @param <B> the concrete builder, returned by each option so calls chain
 */
public abstract class ClusterOptions<B extends ClusterOptions<B>> {
  private Path kubeconfig;
  private String context;
  private String namespace;
  private Duration pollInterval = Duration.ofSeconds(1);
  private Clock clock = Clock.systemUTC();

  /** For the deployers' builders. */
  protected ClusterOptions() {}

  /** This builder, typed as itself. */
  protected abstract B self();

  /** A kubeconfig file (default: fabric8's auto-configuration). */
  public B kubeconfig(Path kubeconfig) {
    this.kubeconfig = Objects.requireNonNull(kubeconfig, "kubeconfig");
    return self();
  }

  /** The kubeconfig context (default: the current one). */
  public B context(String context) {
    this.context = Objects.requireNonNull(context, "context");
    return self();
  }

  /** The namespace (default: the context's, else {@code default}). */
  public B namespace(String namespace) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    return self();
  }

  /** How often the status is read while waiting (default 1 s). */
  public B pollInterval(Duration pollInterval) {
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    return self();
  }

  /** The clock deadlines are read from (default: the system's, UTC). */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /** A client for the chosen cluster and namespace; the deployer owns and closes it. */
  KubernetesClient newClient() {
    return Kube.client(Optional.ofNullable(kubeconfig), Optional.ofNullable(context), Optional.ofNullable(namespace));
  }

  Duration pollInterval() {
    return pollInterval;
  }

  Clock clock() {
    return clock;
  }
}
