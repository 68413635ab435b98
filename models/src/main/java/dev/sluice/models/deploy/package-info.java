/**
 * Putting a registered model version into service and taking it back out.
 *
 * <p>{@link ModelDeployer} is the SPI: one per serving system (local HTTP serving in the JVM, Ray
 * Serve, a Kubernetes Deployment, a KServe InferenceService). It starts a version and waits until
 * it is ready or has failed. {@link Rollout} holds the policy every deployer shares: a re-run with
 * the version already serving is a no-op; a version that fails its readiness or the post-deploy
 * check is replaced by the previous one, and the alias moves back; every move is in the registry's
 * alias history.
 */
package dev.sluice.models.deploy;
