package dev.sluice.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The key rules, and URI encoding, without the copies of split and URLEncoder on plain keys. */
class StoreKeyTest {
  @Test
  void dotsAreRefusedOnlyAsWholeSegments() {
    for (String ok : List.of("a", "a/b.json", ".a", "a./b", "..a/b", "a/...", "a/b..", "cache/t/1/0f.json")) {
      assertThat(StoreKey.check(ok)).isEqualTo(ok);
    }
    for (String bad : List.of(".", "..", "a/./b", "a/../b", "a/.", "./a", "a//b")) {
      assertThatThrownBy(() -> StoreKey.check(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'").hasMessageContaining("segment");
    }
  }

  @Test
  void aKeyIsEncodedForAUriAsURLEncoderEncodesEachSegment() {
    for (String key : List.of("cache/train/v2/0fa3.json", "runs/r 1/out.json", "a+b/c*d/e~f", "x/\u00e9t\u00e9/%41",
        "A-Z_a.z/0-9", "q?/h#/c:d")) {
      String expected = Stream.of(key.split("/", -1))
          .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
          .collect(Collectors.joining("/"));
      assertThat(StoreKey.encodeForUri(key)).as(key).isEqualTo(expected);
    }
  }
}
