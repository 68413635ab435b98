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
