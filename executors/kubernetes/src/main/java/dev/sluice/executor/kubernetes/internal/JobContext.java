package dev.sluice.executor.kubernetes.internal;

import dev.sluice.executor.kubernetes.KubernetesConfig;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every {@link JobTracker} of one executor shares: its configuration and namespace, the
 * resilient API, the informers' caches, the pool for blocking work and the timer.
 */
record JobContext(
    KubernetesConfig config,
    String namespace,
    KubeApi api,
    JobWatch watch,
    Executor pool,
    ScheduledExecutorService scheduler) {}
