package dev.sluice.storage.minio;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.RunStores;
import dev.sluice.testing.s3.S3TestServer;
import dev.sluice.testing.store.RunStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The durable run store on S3: journal objects, their claim protocol, leases and the run index
 * through the real MinIO SDK against a real S3 server (S3Proxy). Every run store instance has its
 * own MinIO client, as two engines on two machines would, over one bucket and prefix.
 */
class MinioRunStoreTest extends RunStoreContract {
  private static S3TestServer s3;
  private static String bucket;
  private final List<ArtifactStore> stores = new ArrayList<>();
  private MinioStoreConfig config;

  @BeforeAll
  static void server() {
    s3 = S3TestServer.shared();
    bucket = s3.newBucket();
  }

  @BeforeEach
  void prefix() {
    config = TestStores.config(s3, bucket).build(); // a fresh root prefix per test
  }

  @AfterEach
  void closeArtifactStores() {
    stores.forEach(ArtifactStore::close);
  }

  private ArtifactStore newStore() {
    ArtifactStore store = MinioStores.open(config);
    stores.add(store);
    return store;
  }

  @Override
  protected RunStore newInstance() {
    return RunStores.over(newStore());
  }

  @Override
  protected ArtifactStore artifacts() {
    return stores.isEmpty() ? newStore() : stores.get(0);
  }
}
