package dev.sluice.storage.minio.internal;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ArtifactStoreProvider;
import dev.sluice.storage.minio.MinioStores;
import java.net.URI;
import java.util.Map;

/** Opens {@code s3://bucket/prefix/} roots for {@code ArtifactStores.open}; see {@link MinioStores}. */
public final class S3StoreProvider implements ArtifactStoreProvider {
  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public ArtifactStore open(URI root, Map<String, String> environment) {
    return MinioStores.open(root, environment);
  }
}
