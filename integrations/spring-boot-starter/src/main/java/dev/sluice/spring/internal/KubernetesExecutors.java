package dev.sluice.spring.internal;

import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.executor.kubernetes.KubernetesConfig;
import dev.sluice.executor.kubernetes.KubernetesExecutor;
import dev.sluice.spring.SluiceExecutorProperties;

/** A Kubernetes executor from its properties; loaded only when sluice-executor-kubernetes is present. */
public final class KubernetesExecutors {
  private KubernetesExecutors() {}

  /** Connects to the cluster (see {@link KubernetesExecutor#create}). */
  public static TaskExecutor create(SluiceExecutorProperties p) {
    KubernetesConfig.Builder b = KubernetesConfig.builder();
    if (p.getNamespace() != null) {
      b.namespace(p.getNamespace());
    }
    if (p.getImage() != null) {
      b.image(p.getImage());
    }
    if (p.getKubeconfig() != null) {
      b.kubeconfig(p.getKubeconfig());
    }
    if (p.getContext() != null) {
      b.context(p.getContext());
    }
    if (p.getServiceAccount() != null) {
      b.serviceAccount(p.getServiceAccount());
    }
    if (p.getStoreCredentialsSecret() != null) {
      b.storeCredentials(p.getStoreCredentialsSecret());
    }
    if (p.getJvmLauncher() != null) {
      b.jvmLauncher(p.getJvmLauncher());
    }
    if (p.getEnv() != null) {
      p.getEnv().forEach(b::env);
    }
    if (p.getTtlAfterFinished() != null) {
      b.ttlAfterFinished(p.getTtlAfterFinished());
    }
    if (p.getMaxInFlight() != null) {
      b.maxJobsInFlight(p.getMaxInFlight());
    }
    return KubernetesExecutor.create(b.build());
  }
}
