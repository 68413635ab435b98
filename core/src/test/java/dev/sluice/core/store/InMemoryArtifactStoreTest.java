package dev.sluice.core.store;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ArtifactStoreContract;

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
