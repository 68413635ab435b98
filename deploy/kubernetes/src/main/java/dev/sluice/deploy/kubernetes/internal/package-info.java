/** Implementation of the Kubernetes deployers; no compatibility promise: may change in any release. */
package dev.sluice.deploy.kubernetes.internal;
