package dev.sluice.storage.minio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.testing.store.ArtifactStoreContract;
import dev.sluice.testing.store.GeneratedStream;
import dev.sluice.core.spi.StoredObject;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.testing.s3.S3TestServer;
import io.minio.ListObjectsArgs;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract through the real MinIO SDK against a real S3 server, plus what is S3's own. */
class MinioArtifactStoreTest extends ArtifactStoreContract {
  private static S3TestServer s3;
  private static String bucket;

  @BeforeAll
  static void server() {
    s3 = S3TestServer.shared();
    bucket = s3.newBucket();
  }

  @Override
  protected ArtifactStore openStore() {
    return MinioStores.open(TestStores.config(s3, bucket).build());
  }

  @Override
  protected String expectedScheme() {
    return "s3";
  }

  @Override
  protected boolean listingsCarryHashes() {
    return false;
  }

  /**
   * S3Proxy's filesystem backend reads the whole bucket folder for every list request (~0.2 s at
   * 2,500 objects on a busy 2-core machine), so 358 pages of 7 would take 80 s; 25 pages of 101
   * still cross a page boundary inside S3's 1,000-key responses many times.
   */
  @Override
  protected int smallPageSize() {
    return 101;
  }

  /** Three parts of 5 MiB, the last short: large objects go up as multipart uploads. */
  @Override
  protected long largeObjectSize() {
    return 2 * TestStores.PART + 17;
  }

  private List<String> rawKeys() throws Exception {
    List<String> keys = new ArrayList<>();
    for (Result<Item> r : TestStores.raw(s3).listObjects(ListObjectsArgs.builder().bucket(bucket)
        .prefix(store.root().getPath().substring(1)).recursive(true).build())) {
      keys.add(r.get().objectName());
    }
    return keys;
  }

  @Test
  void theRootIsTheBucketAndPrefix() {
    assertThat(store.root().toString()).startsWith("s3://" + bucket + "/t-").endsWith("/");
    assertThat(store.uri("runs/r-1/x.json").toString()).isEqualTo(store.root() + "runs/r-1/x.json");
  }

  @Test
  void aMultipartObjectKeepsItsHashInARecordThatGoesWithIt() throws Exception {
    long size = 2 * TestStores.PART + 1;
    store.put("big", new GeneratedStream(1, size));
    assertThat(rawKeys()).hasSize(2).anySatisfy(k -> assertThat(k).contains("/.sluice/sha256/big/"));

    StoredObject replaced = store.put("big", new GeneratedStream(2, size));

    assertThat(rawKeys()).as("the replaced object's record is gone").hasSize(2);
    assertThat(store.stat("big").orElseThrow().sha256()).isEqualTo(replaced.sha256())
        .contains(GeneratedStream.sha256(2, size));
    assertThat(store.listAll("").map(StoredObject::key)).containsExactly("big");

    assertThat(store.delete("big")).isTrue();

    assertThat(rawKeys()).isEmpty();
  }

  @Test
  void anObjectOfExactlyOnePartIsOneRequestWithItsHashInline() throws Exception {
    store.put("one-part", new GeneratedStream(3, TestStores.PART));

    assertThat(rawKeys()).hasSize(1);
    assertThat(store.stat("one-part").orElseThrow().sha256()).contains(GeneratedStream.sha256(3, TestStores.PART));
  }

  @Test
  void anObjectAnotherToolWroteHasNoHashButIsListedAndRead() throws Exception {
    String name = store.root().getPath().substring(1) + "foreign.csv";
    TestStores.raw(s3).putObject(PutObjectArgs.builder().bucket(bucket).object(name)
        .stream(new ByteArrayInputStream(new byte[] {1, 2}), 2, -1).build());

    assertThat(store.stat("foreign.csv").orElseThrow().sha256()).isEmpty();
    assertThat(store.listAll("").map(StoredObject::size)).containsExactly(2L);
    try (InputStream in = store.get("foreign.csv")) {
      assertThat(in.readAllBytes()).containsExactly(1, 2);
    }
  }

  @Test
  void anS3UriOpensTheStoreThroughTheProviderAndTheEnvironment() throws Exception {
    store.put("shared.txt", new byte[] {42});
    URI root = store.root();
    Map<String, String> env = Map.of("SLUICE_S3_ENDPOINT", s3.endpoint().toString(),
        "AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey(),
        "AWS_REGION", S3TestServer.REGION);

    try (ArtifactStore opened = ArtifactStores.open(root, env)) {
      assertThat(opened.root()).isEqualTo(root);
      try (InputStream in = opened.get("shared.txt")) {
        assertThat(in.readAllBytes()).containsExactly(42);
      }
    }
  }
}
