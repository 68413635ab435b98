/**
 * The contracts every store passes: subclass {@link
 * dev.sluice.testing.store.ArtifactStoreContract} to test your own {@link
 * dev.sluice.core.spi.ArtifactStore}, and {@link dev.sluice.testing.store.RunStoreContract} to test
 * your own {@link dev.sluice.core.spi.RunStore}, the way Sluice tests the in-memory, filesystem and
 * MinIO stores.
 */
package dev.sluice.testing.store;
