/**
 * The Kubernetes executor's implementation: Job manifests, the shared informers, the resilient API
 * calls and the per-attempt trackers. No compatibility promise: anything here may change in any
 * release.
 */
package dev.sluice.executor.kubernetes.internal;
