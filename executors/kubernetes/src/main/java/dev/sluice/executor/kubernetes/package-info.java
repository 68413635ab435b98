/**
 * Runs task attempts as Kubernetes {@code batch/v1} Jobs: {@link
 * dev.sluice.executor.kubernetes.KubernetesExecutor#create(KubernetesConfig)} gives a {@link
 * dev.sluice.core.spi.TaskExecutor} to register with {@code Engine.builder().executor("k8s", ...)}.
 * No fabric8 type appears in this package's signatures.
 */
package dev.sluice.executor.kubernetes;
