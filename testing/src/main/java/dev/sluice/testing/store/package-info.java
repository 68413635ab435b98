/**
 * The contract every {@link dev.sluice.core.spi.ArtifactStore} passes: subclass {@link
 * dev.sluice.testing.store.ArtifactStoreContract} to test your own store the way Sluice tests the
 * in-memory, filesystem and MinIO stores.
 */
package dev.sluice.testing.store;
