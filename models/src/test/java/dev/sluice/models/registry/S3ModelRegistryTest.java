package dev.sluice.models.registry;

import dev.sluice.storage.minio.MinioStoreConfig;
import dev.sluice.storage.minio.MinioStores;
import dev.sluice.testing.s3.S3TestServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/** The registry contract on the MinIO store against the S3 test server (S3Proxy, a real S3 server). */
class S3ModelRegistryTest extends ModelRegistryContract {
  private static S3TestServer s3;
  private static String bucket;
  private String prefix;

  @BeforeAll
  static void server() {
    s3 = S3TestServer.shared();
    bucket = s3.newBucket();
  }

  private ModelRegistry open() {
    return ModelRegistries.on(MinioStores.open(MinioStoreConfig.builder().endpoint(s3.endpoint())
        .region(S3TestServer.REGION).bucket(bucket).rootPrefix(prefix).credentials(s3.accessKey(), s3.secretKey())
        .build()));
  }

  @Override
  protected ModelRegistry newRegistry() {
    prefix = "r-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    return open();
  }

  @Override
  protected ModelRegistry sameBackend() {
    return open();
  }
}
