/**
 * A stand-in for a Ray cluster's Job Submission REST API ({@link dev.sluice.testing.ray.RayJobsServer}):
 * the dashboard's paths, JSON bodies, status codes and job state machine, with each job's entrypoint
 * run as a local process. For testing code that submits Ray jobs without a Ray cluster.
 */
package dev.sluice.testing.ray;
