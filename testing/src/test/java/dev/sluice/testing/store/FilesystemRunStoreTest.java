package dev.sluice.testing.store;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem run store (framed journal files) passes the contract. */
class FilesystemRunStoreTest extends RunStoreContract {
  @TempDir Path root;
  private ArtifactStore artifacts;

  @Override
  protected RunStore newInstance() {
    return RunStores.filesystem(root);
  }

  @Override
  protected ArtifactStore artifacts() {
    if (artifacts == null) {
      artifacts = ArtifactStores.filesystem(root);
    }
    return artifacts;
  }
}
