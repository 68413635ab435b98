package dev.sluice.models.registry;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The registry contract on the in-memory and the filesystem store. */
class StoreModelRegistryTest {

  @Nested
  class InMemory extends ModelRegistryContract {
    private ArtifactStore store;

    @Override
    protected ModelRegistry newRegistry() {
      store = ArtifactStores.inMemory();
      return ModelRegistries.on(store);
    }

    @Override
    protected ModelRegistry sameBackend() {
      return ModelRegistries.on(store);
    }
  }

  @Nested
  class Filesystem extends ModelRegistryContract {
    @TempDir Path dir;

    @Override
    protected ModelRegistry newRegistry() {
      return ModelRegistries.on(ArtifactStores.filesystem(dir));
    }

    @Override
    protected ModelRegistry sameBackend() {
      // a second store object over the same folder: what a second engine would open
      return ModelRegistries.on(ArtifactStores.filesystem(dir));
    }
  }
}
