package dev.sluice.storage.minio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.StoreAccessException;
import dev.sluice.testing.s3.S3TestServer;
import dev.sluice.testing.s3.S3TestServerExtension;
import io.minio.BucketExistsArgs;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(S3TestServerExtension.class)
class CredentialsAndBucketTest {

  @Test
  void aWrongSecretFailsAtOnceNamingEndpointAndBucketAndNeverShowsTheSecret(S3TestServer s3) throws Exception {
    String secret = "wrong-secret-" + UUID.randomUUID();
    String bucket = s3.newBucket();
    MinioStoreConfig config = TestStores.config(s3, bucket).credentials(s3.accessKey(), secret).build();

    Throwable refused;
    try (ArtifactStore store = MinioStores.open(config)) {
      refused = catchThrowable(() -> store.put("k", new byte[] {1}));

      assertThat(store.toString()).doesNotContain(secret);
    }

    assertThat(refused).isInstanceOf(StoreAccessException.class)
        .hasMessageContaining(s3.endpoint().toString())
        .hasMessageContaining("'" + bucket + "'")
        .hasMessageContaining("refused")
        .hasMessageContaining("access key '" + s3.accessKey() + "'")
        .hasMessageContaining("AWS_SECRET_ACCESS_KEY")
        .hasMessageNotContaining("times");
    assertThat(TestStores.everything(refused)).doesNotContain(secret);
    assertThat(config.toString()).contains(s3.accessKey()).doesNotContain(secret);
    assertThat(TestStores.testLog()).as("the refusal is logged, without the secret")
        .contains("refused to check bucket '" + bucket + "'").doesNotContain(secret);
  }

  @Test
  void anUnknownAccessKeyIsRefusedTheSameWay(S3TestServer s3) {
    MinioStoreConfig config = TestStores.config(s3, s3.newBucket()).credentials("nobody", "x").build();

    try (ArtifactStore store = MinioStores.open(config)) {
      assertThat(catchThrowable(() -> store.stat("k"))).isInstanceOf(StoreAccessException.class)
          .hasMessageContaining("access key 'nobody'");
    }
  }

  @Test
  void aMissingBucketIsCreatedOnDemand(S3TestServer s3) throws Exception {
    String bucket = "fresh-" + UUID.randomUUID().toString().substring(0, 8);

    try (ArtifactStore store = MinioStores.open(TestStores.config(s3, bucket).build())) {
      store.put("first", new byte[] {1});
      assertThat(store.exists("first")).isTrue();
    }
    assertThat(TestStores.raw(s3).bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isTrue();
  }

  @Test
  void aMissingBucketThatMustNotBeCreatedIsAClearError(S3TestServer s3) throws Exception {
    String bucket = "absent-" + UUID.randomUUID().toString().substring(0, 8);

    try (ArtifactStore store = MinioStores.open(TestStores.config(s3, bucket).createBucket(false).build())) {
      assertThat(catchThrowable(() -> store.get("k"))).isInstanceOf(StoreAccessException.class)
          .hasMessageContaining("bucket '" + bucket + "' does not exist")
          .hasMessageContaining(s3.endpoint().toString())
          .hasMessageContaining("createBucket(true)");
    }
    assertThat(TestStores.raw(s3).bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isFalse();
  }
}
