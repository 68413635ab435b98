package dev.sluice.testing.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A stream of pseudo-random bytes of a length the reader cannot know in advance ({@code available()}
 * is 0, reads return odd-sized chunks), generated on the fly so even gigabytes never sit in the
 * heap. The same seed and length always give the same bytes, so a test can hash the expected content
 * without holding it. Records whether it was closed.
 */
public final class GeneratedStream extends InputStream {
  private final long seed;
  private final long length;
  private long position;
  private long block;
  private boolean closed;

  public GeneratedStream(long seed, long length) {
    this.seed = seed;
    this.length = length;
  }

  /** The SHA-256 (lower-case hex) of the bytes a stream with this seed and length yields. */
  public static String sha256(long seed, long length) {
    try (GeneratedStream in = new GeneratedStream(seed, length)) {
      String hashAndSize = sha256AndSize(in);
      return hashAndSize.substring(0, hashAndSize.indexOf('/'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "sha256/size" of what {@code in} yields, read to its end without holding it. */
  public static String sha256AndSize(InputStream in) throws IOException {
    MessageDigest digest = digest();
    byte[] buf = new byte[64 * 1024];
    long size = 0;
    for (int n; (n = in.read(buf, 0, buf.length)) >= 0; size += n) {
      digest.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest()) + "/" + size;
  }

  /** The SHA-256 (lower-case hex) of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /** The whole content as an array (for small lengths). */
  public static byte[] bytes(long seed, int length) {
    try (GeneratedStream in = new GeneratedStream(seed, length)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SplitMix64's finalizer: the byte at a position depends only on the seed and the position. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buf, int off, int len) {
    if (position >= length) {
      return -1;
    }
    // odd chunk sizes, never more than 8 KiB + 13, so readers cannot rely on full buffers
    int n = (int) Math.min(Math.min(len, 8192 + 13), length - position);
    for (int i = 0; i < n; i++) {
      long p = position + i;
      if (i == 0 || (p & 7) == 0) {
        block = mix(seed + (p >>> 3) * 0x9E3779B97F4A7C15L);
      }
      buf[off + i] = (byte) (block >>> (8 * (p & 7)));
    }
    position += n;
    return n;
  }

  @Override
  public int available() {
    return 0;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Whether {@link #close()} was called. */
  public boolean closed() {
    return closed;
  }
}
