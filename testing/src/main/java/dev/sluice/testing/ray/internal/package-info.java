/**
 * The Ray Jobs stand-in's implementation. <strong>No compatibility promise</strong>: use {@link
 * dev.sluice.testing.ray.RayJobsServer}.
 */
package dev.sluice.testing.ray.internal;
