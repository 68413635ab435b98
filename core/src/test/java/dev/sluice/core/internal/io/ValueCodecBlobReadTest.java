package dev.sluice.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectPage;
import dev.sluice.core.spi.StoredObject;
import dev.sluice.core.store.ArtifactStores;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large values offloaded to a blob, read back through a store whose streams behave like S3's. */
class ValueCodecBlobReadTest {

  /**
   * The defect: Jackson closed the blob's stream once it had the value, then the codec read on to
   * the end to check the hash. An HTTP response body (MinIO/S3) fails a read after close ("closed"),
   * so every large cached value read from S3 failed and its task ran again.
   */
  @TempDir Path artifacts;

  @Test
  void aLargeCachedValueReadsBackFromAStoreWhoseStreamFailsIfReadAfterClose() {
    ArtifactStore store = new ClosedReadFailingStore(ArtifactStores.inMemory());
    ValueCodec codec = new ValueCodec(1024, artifacts);
    List<String> value = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      value.add("row-" + i);
    }

    ValueCodec.Encoded encoded = codec.encode(store, value, true);
    assertThat(encoded.valueBlob()).as("offloaded to a blob").isNotNull();

    Object back = codec.decodeBlob(store, encoded.valueBlob(), List.class, "test value");

    assertThat(back).isEqualTo(value);
  }

  record Row(double rate, float ratio, long count, java.math.BigDecimal price, String label, java.time.Instant at) {}

  private static List<Row> rows(int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new Row(Math.sin(i) * 1e-3, i / 7f, Long.MAX_VALUE - i, new java.math.BigDecimal("1.10"), "r" + i,
          java.time.Instant.ofEpochSecond(1_700_000_000L + i)));
    }
    return rows;
  }

  @Test
  void aLargeValueIsStoredAsSmileAndReadBackExactly() throws IOException {
    ArtifactStore store = ArtifactStores.inMemory();
    ValueCodec codec = new ValueCodec(1024, artifacts);
    List<Row> value = rows(2_000);

    ValueCodec.Encoded encoded = codec.encode(store, value, true);

    byte[] blob;
    try (InputStream in = store.get(dev.sluice.core.artifact.Blobs.key(encoded.valueBlob()))) {
      blob = in.readAllBytes();
    }
    assertThat(new String(blob, 0, 3, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(":)\n");
    assertThat(blob.length).as("smaller than its JSON").isLessThan(codec.mapper().writeValueAsBytes(value).length);
    com.fasterxml.jackson.databind.JavaType type =
        codec.mapper().getTypeFactory().constructCollectionType(List.class, Row.class);
    assertThat(codec.decodeBlob(store, encoded.valueBlob(), type, "test value")).isEqualTo(value);
    assertThat(codec.decode(store, codec.mapper().readTree(encoded.json()), type, "test value")).isEqualTo(value);
  }

  /** Blobs written before values went to Smile hold JSON text: they are read as before. */
  @Test
  void aLargeValueBlobWrittenAsJsonTextIsStillRead() throws IOException {
    ArtifactStore store = ArtifactStores.inMemory();
    ValueCodec codec = new ValueCodec(1024, artifacts);
    List<Row> value = rows(500);
    String hash = dev.sluice.core.artifact.Blobs.put(store, codec.mapper().writeValueAsBytes(value));

    com.fasterxml.jackson.databind.JavaType type =
        codec.mapper().getTypeFactory().constructCollectionType(List.class, Row.class);
    assertThat(codec.decodeBlob(store, hash, type, "old value")).isEqualTo(value);
  }

  /** A store whose object streams throw, as an HTTP response body does, when read after close. */
  private static final class ClosedReadFailingStore implements ArtifactStore {
    private final ArtifactStore store;

    ClosedReadFailingStore(ArtifactStore store) {
      this.store = store;
    }

    @Override
    public URI root() {
      return store.root();
    }

    @Override
    public StoredObject put(String key, InputStream data) {
      return store.put(key, data);
    }

    @Override
    public InputStream get(String key) {
      return new FilterInputStream(store.get(key)) {
        private boolean closed;

        @Override
        public int read() throws IOException {
          ensureOpen();
          return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          ensureOpen();
          return super.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
          closed = true;
          super.close();
        }

        private void ensureOpen() throws IOException {
          if (closed) {
            throw new IOException("closed");
          }
        }
      };
    }

    @Override
    public Optional<StoredObject> stat(String key) {
      return store.stat(key);
    }

    @Override
    public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) {
      return store.list(prefix, pageToken, pageSize);
    }

    @Override
    public boolean delete(String key) {
      return store.delete(key);
    }
  }
}
