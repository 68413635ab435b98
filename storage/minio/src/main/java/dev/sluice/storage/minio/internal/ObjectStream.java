package dev.sluice.storage.minio.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** An object's content as the server streams it; a failure names the store, the key and the offset. */
final class ObjectStream extends FilterInputStream {
  private final String store;
  private final String key;
  private long position;

  ObjectStream(InputStream response, String store, String key) {
    super(response);
    this.store = store;
    this.key = key;
  }

  @Override
  public int read() throws IOException {
    try {
      int b = super.read();
      position += b >= 0 ? 1 : 0;
      return b;
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    try {
      int n = super.read(buf, off, len);
      position += Math.max(n, 0);
      return n;
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    position += skipped;
    return skipped;
  }

  private IOException failed(IOException e) {
    return new IOException(store + ": reading '" + key + "' failed after " + position + " bytes: "
        + Scrub.describe(e) + ". Get it again to start over", Scrub.copy(e));
  }
}
