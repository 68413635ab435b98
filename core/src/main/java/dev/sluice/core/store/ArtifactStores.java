package dev.sluice.core.store;

import dev.sluice.core.internal.store.FilesystemArtifactStore;
import dev.sluice.core.internal.store.InMemoryArtifactStore;
import dev.sluice.core.spi.ArtifactStore;
import java.nio.file.Path;

/** The built-in {@link ArtifactStore}s. The MinIO/S3 store is in {@code sluice-storage-minio}. */
public final class ArtifactStores {
  private ArtifactStores() {}

  /** An empty store in this JVM's heap, for tests. */
  public static ArtifactStore inMemory() {
    return new InMemoryArtifactStore();
  }

  /** A store in a local folder (created if missing); writes are atomic (temp file, then rename). */
  public static ArtifactStore filesystem(Path root) {
    return new FilesystemArtifactStore(root);
  }
}
