/** Implementation of the Ray Serve deployer; no compatibility promise: may change in any release. */
package dev.sluice.deploy.rayserve.internal;
