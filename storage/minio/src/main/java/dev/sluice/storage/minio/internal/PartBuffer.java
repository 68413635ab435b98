package dev.sluice.storage.minio.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Holds one part of a stream at a time: {@link #fill} reads up to a part's size, growing the array
 * only as far as the data goes (a 1 KiB object does not cost a 16 MiB array), and looks one byte
 * ahead so it knows whether the stream ended exactly at the part's end.
 */
final class PartBuffer {
  private static final int INITIAL = 256 * 1024;

  private final int partSize;
  private byte[] bytes;
  private int carried = -1;
  private boolean ended;

  PartBuffer(long partSize) {
    this.partSize = Math.toIntExact(partSize);
    this.bytes = new byte[Math.min(INITIAL, this.partSize)];
  }

  /** Reads the next part; returns its length (0 only for an empty stream). */
  int fill(InputStream in) throws IOException {
    int n = 0;
    if (carried >= 0) {
      bytes[n++] = (byte) carried;
      carried = -1;
    }
    while (n < partSize) {
      if (n == bytes.length) {
        bytes = Arrays.copyOf(bytes, (int) Math.min(partSize, 2L * bytes.length));
      }
      int read = in.read(bytes, n, bytes.length - n);
      if (read < 0) {
        ended = true;
        return n;
      }
      n += read;
    }
    carried = in.read();
    ended = carried < 0;
    return n;
  }

  /** Whether the stream ended with the part last filled. */
  boolean ended() {
    return ended;
  }

  /** The array the part is in (from index 0). */
  byte[] array() {
    return bytes;
  }
}
