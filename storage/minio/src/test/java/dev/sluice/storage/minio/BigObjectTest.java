package dev.sluice.storage.minio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.testing.store.GeneratedStream;
import dev.sluice.core.spi.StoredObject;
import dev.sluice.testing.s3.S3TestServer;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A 200 MiB object of unknown length goes up and comes back through a JVM whose whole heap is 64 MiB
 * (the pom runs this class in its own fork with -Xmx64m): a store that held the object, or even a
 * few parts of it, would fail with OutOfMemoryError.
 */
class BigObjectTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void a200MiBStreamOfUnknownLengthGoesUpAndComesBackThroughA64MiBHeap() throws Exception {
    assumeTrue(Runtime.getRuntime().maxMemory() <= 64 * MIB,
        "runs in the pom's big-object-small-heap execution (-Xmx64m), where it proves something");
    long size = 200 * MIB;
    String expected = GeneratedStream.sha256(9, size);
    S3TestServer s3 = S3TestServer.shared();
    MinioStoreConfig config = TestStores.config(s3, s3.newBucket()).partSize(16 * MIB).build();

    try (ArtifactStore store = MinioStores.open(config)) {
      StoredObject put = store.put("models/big.bin", new GeneratedStream(9, size));

      assertThat(put.size()).isEqualTo(size);
      assertThat(put.sha256()).contains(expected);
      try (InputStream in = store.get("models/big.bin")) {
        assertThat(GeneratedStream.sha256AndSize(in)).isEqualTo(expected + "/" + size);
      }
      assertThat(store.stat("models/big.bin").orElseThrow().sha256()).contains(expected);
    }
    String peaks = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .map(p -> p.getName() + " " + p.getPeakUsage().getUsed() / MIB + " MiB")
        .collect(Collectors.joining(", "));
    LoggerFactory.getLogger(BigObjectTest.class).info("200 MiB put and get with a {} MiB heap; peak"
        + " use per pool: {}", Runtime.getRuntime().maxMemory() / MIB, peaks);
  }
}
