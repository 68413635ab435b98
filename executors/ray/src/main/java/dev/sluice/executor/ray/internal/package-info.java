/**
 * The Ray executor's implementation. <strong>No compatibility promise</strong>: use {@link
 * dev.sluice.executor.ray.RayExecutor} and {@link dev.sluice.executor.ray.RayConfig}.
 */
package dev.sluice.executor.ray.internal;
