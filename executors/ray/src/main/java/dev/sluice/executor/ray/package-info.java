/**
 * Runs Sluice task attempts as Ray jobs through the dashboard's Job Submission REST API: {@link
 * dev.sluice.executor.ray.RayExecutor#connect(RayConfig)} gives a {@code TaskExecutor} to register
 * with the engine under a name that tasks choose with {@code .executor("ray")}.
 */
package dev.sluice.executor.ray;
