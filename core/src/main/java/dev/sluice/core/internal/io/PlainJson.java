package dev.sluice.core.internal.io;

/**
 * JSON written by hand into a byte array where nothing needs escaping: a string of printable ASCII
 * other than {@code "} and {@code \}, and a long in decimal. Shared by the canonical key writer
 * ({@link CanonicalBuffer}) and the journal's batch encoder, which hand anything else to Jackson.
 */
public final class PlainJson {
  private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private PlainJson() {}

  /**
   * Writes {@code s} as a JSON string at {@code b[at]} (room for {@code s.length() + 2} bytes
   * needed) and returns where it ends; -1 if it holds a character to escape or one that is not
   * ASCII (then what was written there is to be overwritten).
   */
  public static int quoted(byte[] b, int at, String s) {
    int n = s.length();
    int p = at;
    b[p++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return -1;
      }
      b[p++] = (byte) c;
    }
    b[p++] = '"';
    return p;
  }

  /** Writes {@code v} in decimal at {@code b[at]} (room for 20 bytes needed) and returns where it ends. */
  public static int digits(byte[] b, int at, long v) {
    if (v == Long.MIN_VALUE) {
      System.arraycopy(MIN_LONG, 0, b, at, MIN_LONG.length);
      return at + MIN_LONG.length;
    }
    int p = at;
    if (v < 0) {
      b[p++] = '-';
      v = -v;
    }
    int n = 1;
    for (long limit = 10; n < 19 && v >= limit; limit *= 10) {
      n++;
    }
    int end = p + n;
    for (int i = end - 1; i >= p; i--) {
      b[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return end;
  }
}
