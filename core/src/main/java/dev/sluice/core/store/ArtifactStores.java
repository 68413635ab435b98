package dev.sluice.core.store;

import dev.sluice.core.internal.store.FilesystemArtifactStore;
import dev.sluice.core.internal.store.InMemoryArtifactStore;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ArtifactStoreProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/** The built-in {@link ArtifactStore}s. The MinIO/S3 store is in {@code sluice-storage-minio}. */
public final class ArtifactStores {
  private ArtifactStores() {}

  /** An empty store in this JVM's heap, for tests. */
  public static ArtifactStore inMemory() {
    return new InMemoryArtifactStore();
  }

  /**
   * Opens the store at {@code root}: {@code file:///…} is a filesystem store; other schemes ({@code
   * s3://bucket/prefix/}) are opened by the {@link ArtifactStoreProvider} on the class path for that
   * scheme, with endpoint and credentials from {@code environment}.
   */
  public static ArtifactStore open(URI root, Map<String, String> environment) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(environment, "environment");
    String scheme = root.getScheme();
    if ("file".equals(scheme)) {
      return filesystem(Path.of(root));
    }
    List<String> known = new ArrayList<>(List.of("file"));
    for (ArtifactStoreProvider provider : ServiceLoader.load(ArtifactStoreProvider.class)) {
      if (provider.scheme().equals(scheme)) {
        return provider.open(root, environment);
      }
      known.add(provider.scheme());
    }
    throw new IllegalArgumentException(
        "no artifact store for '" + root + "': schemes on the class path are " + known
            + (Objects.equals(scheme, "s3") ? "; fix: add dev.sluice:sluice-storage-minio" : ""));
  }

  /** A store in a local folder (created if missing); writes are atomic (temp file, then rename). */
  public static ArtifactStore filesystem(Path root) {
    return new FilesystemArtifactStore(root);
  }
}
