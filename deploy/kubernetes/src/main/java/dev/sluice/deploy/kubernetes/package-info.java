/**
 * Deploys model versions to Kubernetes through fabric8: {@link
 * dev.sluice.deploy.kubernetes.KubernetesDeployer} (a Deployment and its Service) and {@link
 * dev.sluice.deploy.kubernetes.KServeDeployer} (a KServe {@code InferenceService}).
 */
package dev.sluice.deploy.kubernetes;
