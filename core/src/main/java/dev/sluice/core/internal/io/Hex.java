package dev.sluice.core.internal.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Lower-case hex digits, eight at a time: an {@code int}'s digits are computed in one {@code long}
 * (a byte per digit) and stored with one write, where a table lookup per digit costs a bounds check
 * and a store each. Cache keys write a double's bits this way and spell out their SHA-256.
 */
public final class Hex {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Hex() {}

  /** {@code bytes} in lower-case hex, two digits a byte (as Guava's {@code HashCode.toString()}). */
  public static String of(byte[] bytes) {
    byte[] text = new byte[bytes.length * 2];
    int i = 0;
    for (; i + 4 <= bytes.length; i += 4) {
      int v = (bytes[i] & 0xFF) << 24 | (bytes[i + 1] & 0xFF) << 16 | (bytes[i + 2] & 0xFF) << 8 | (bytes[i + 3] & 0xFF);
      put(text, 2 * i, v);
    }
    for (; i < bytes.length; i++) {
      long pair = digits(bytes[i] & 0xFF);
      text[2 * i] = (byte) (pair >>> 8);
      text[2 * i + 1] = (byte) pair;
    }
    return new String(text, StandardCharsets.ISO_8859_1);
  }

  /** Writes the 8 hex digits of {@code v} (most significant first) at {@code at}. */
  static void put(byte[] out, int at, int v) {
    LONGS.set(out, at, digits(v));
  }

  /**
   * The 8 hex digits of {@code v} as ASCII, one a byte, the most significant digit in the highest
   * byte: the nibbles are spread one to a byte, then each gets {@code '0'}, plus 39 more ({@code
   * 'a' - '0' - 10}) for those of 10 and over.
   */
  static long digits(int v) {
    long x = v & 0xFFFFFFFFL;
    x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
    x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
    x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
    long letters = ((x + 0x0606060606060606L) >>> 4) & 0x0101010101010101L;
    return x + 0x3030303030303030L + letters * ('a' - '0' - 10);
  }
}
