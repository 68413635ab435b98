package dev.sluice.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hex digits eight at a time give what a digit at a time gives (keys spell their SHA-256 with them). */
class HexTest {
  @Test
  void bytesAreSpelledAsGuavaSpellsAHash() {
    Random random = new Random(3);
    for (int length = 1; length <= 40; length++) {
      for (int i = 0; i < 50; i++) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        assertThat(Hex.of(bytes)).isEqualTo(HashCode.fromBytes(bytes).toString());
      }
    }
    assertThat(Hex.of(new byte[0])).isEmpty();
  }

  @Test
  void everyNibbleOfAnIntIsItsDigit() {
    int[] edges = {0, -1, 1, 9, 10, 15, 16, 0x0123abcd, 0xfedcba98, 0x9a9a9a9a, 0xa0a0a0a0, Integer.MIN_VALUE, Integer.MAX_VALUE};
    Random random = new Random(5);
    for (int i = 0; i < 100_000; i++) {
      int v = i < edges.length ? edges[i] : random.nextInt();
      byte[] out = new byte[10];
      Hex.put(out, 1, v);
      assertThat(new String(out, 1, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(String.format("%08x", v));
      assertThat(out[0]).isZero();
      assertThat(out[9]).isZero();
    }
  }
}
