package dev.sluice.testing.store;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The run store over an artifact store (one object per batch) passes the contract on both built-in stores. */
class ObjectRunStoreTest {

  @Nested
  class InMemory extends RunStoreContract {
    private final ArtifactStore store = ArtifactStores.inMemory();

    @Override
    protected RunStore newInstance() {
      return RunStores.over(store);
    }

    @Override
    protected ArtifactStore artifacts() {
      return store;
    }
  }

  @Nested
  class OnFilesystemStore extends RunStoreContract {
    @TempDir Path root;
    private ArtifactStore store;

    @Override
    protected RunStore newInstance() {
      return RunStores.over(artifacts());
    }

    @Override
    protected ArtifactStore artifacts() {
      if (store == null) {
        store = ArtifactStores.filesystem(root);
      }
      return store;
    }
  }
}
