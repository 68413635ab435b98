package dev.sluice.storage.minio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.StoreAccessException;
import dev.sluice.testing.s3.S3TestServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS to a server whose certificate only a given CA file vouches for. */
class TlsTest {
  private static S3TestServer s3;

  @BeforeAll
  static void start() {
    s3 = S3TestServer.builder().tls(true).start();
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  @Test
  void aStoreTrustsTheServerThroughTheCaFile() throws Exception {
    MinioStoreConfig config = TestStores.config(s3, s3.newBucket())
        .caCertificate(s3.caCertificate().orElseThrow()).build();

    try (ArtifactStore store = MinioStores.open(config)) {
      store.put("secure", new byte[] {7});
      try (InputStream in = store.get("secure")) {
        assertThat(in.readAllBytes()).containsExactly(7);
      }
    }
    assertThat(config.endpoint().getScheme()).isEqualTo("https");
  }

  @Test
  void withoutTheCaTheHandshakeFailsAtOnceNamingTheSettingThatFixesIt() {
    try (ArtifactStore store = MinioStores.open(TestStores.config(s3, s3.newBucket()).build())) {
      assertThat(catchThrowable(() -> store.put("k", new byte[] {1})))
          .isInstanceOf(StoreAccessException.class)
          .hasMessageContaining("TLS with the server failed")
          .hasMessageContaining(s3.endpoint().toString())
          .hasMessageContaining("SLUICE_S3_CA_FILE");
    }
  }

  @Test
  void aCaFileWithoutACertificateIsRejectedWhenTheStoreOpens(@TempDir Path dir) throws Exception {
    Path bogus = Files.writeString(dir.resolve("ca.pem"), "not a certificate");

    assertThatThrownBy(() -> MinioStores.open(TestStores.config(s3, "b-1").caCertificate(bogus).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(bogus.toString())
        .hasMessageContaining("PEM");
  }
}
