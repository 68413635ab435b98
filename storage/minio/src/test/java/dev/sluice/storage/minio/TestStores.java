package dev.sluice.storage.minio;

import dev.sluice.testing.s3.S3TestServer;
import io.minio.MinioClient;
import java.time.Duration;
import java.util.UUID;

/** Stores and raw clients on an S3 test server, with small parts and quick retries. */
final class TestStores {
  static final long PART = MinioStoreConfig.MIN_PART_SIZE;

  private TestStores() {}

  /** A store config for {@code bucket} under a fresh root prefix. */
  static MinioStoreConfig.Builder config(S3TestServer s3, String bucket) {
    return MinioStoreConfig.builder()
        .endpoint(s3.endpoint())
        .region(S3TestServer.REGION)
        .bucket(bucket)
        .rootPrefix("t-" + UUID.randomUUID().toString().substring(0, 8) + "/")
        .credentials(s3.accessKey(), s3.secretKey())
        .partSize(PART)
        .retry(3, Duration.ofMillis(50), Duration.ofMillis(200));
  }

  /** A throwable as a stack trace prints it: message, causes, suppressed. */
  static String everything(Throwable t) {
    java.io.StringWriter out = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }

  /** What the tests of this module have logged so far (slf4j-simple writes to this file). */
  static String testLog() throws java.io.IOException {
    return java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")));
  }

  /** The MinIO SDK itself, to look behind the store's back. */
  static MinioClient raw(S3TestServer s3) {
    return MinioClient.builder().endpoint(s3.endpoint().toString()).region(S3TestServer.REGION)
        .credentials(s3.accessKey(), s3.secretKey()).build();
  }
}
