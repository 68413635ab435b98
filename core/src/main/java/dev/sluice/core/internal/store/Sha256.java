package dev.sluice.core.internal.store;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Hashes a stream with SHA-256 while it is read, counting its bytes. */
public final class Sha256 extends FilterInputStream {
  private final Hasher hasher = Hashing.sha256().newHasher();
  private long count;

  public Sha256(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      hasher.putByte((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      hasher.putBytes(buf, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) {
    throw new UnsupportedOperationException("a hashed stream is read, not skipped");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Bytes read so far. */
  public long count() {
    return count;
  }

  /** Lower-case hex digest of what was read; call once, after the end. */
  public String hex() {
    return hasher.hash().toString();
  }
}
