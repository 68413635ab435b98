/**
 * Deploys model versions as Ray Serve applications through the Ray dashboard's REST API: {@link
 * dev.sluice.deploy.rayserve.RayServeDeployer}.
 */
package dev.sluice.deploy.rayserve;
