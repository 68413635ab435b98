/**
 * The embedded artifact stores (in-memory and filesystem). <strong>No compatibility
 * promise</strong>; use {@link dev.sluice.core.spi.ArtifactStore}'s factories.
 */
package dev.sluice.core.internal.store;
