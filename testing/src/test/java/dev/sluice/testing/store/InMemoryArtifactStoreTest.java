package dev.sluice.testing.store;

import dev.sluice.core.store.ArtifactStores;

import dev.sluice.core.spi.ArtifactStore;


class InMemoryArtifactStoreTest extends ArtifactStoreContract {
  @Override
  protected ArtifactStore openStore() {
    return ArtifactStores.inMemory();
  }

  @Override
  protected String expectedScheme() {
    return "mem";
  }
}
