package dev.sluice.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.artifact.FileRef;
import dev.sluice.core.internal.cache.CacheKeys;
import dev.sluice.core.model.BodyId;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.model.TaskSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One text per value: the ground cache keys stand on. */
class CanonicalJsonTest {
  private final ValueCodec codec = ValueCodec.standard();

  @TempDir Path dir;

  record Point(double y, double x, String label) {}

  private String canonical(Object value) throws IOException {
    return CanonicalJson.toString(codec.hashedTree(value));
  }

  @Test
  void keysAreSortedAndThereIsNoWhitespace() throws IOException {
    Map<String, Object> zFirst = new LinkedHashMap<>();
    zFirst.put("z", List.of(1, 2));
    zFirst.put("a", Map.of("y", true, "b", "text \"quoted\""));
    Map<String, Object> aFirst = new LinkedHashMap<>();
    aFirst.put("a", Map.of("b", "text \"quoted\"", "y", true));
    aFirst.put("z", List.of(1, 2));

    assertThat(canonical(zFirst))
        .isEqualTo("{\"a\":{\"b\":\"text \\\"quoted\\\"\",\"y\":true},\"z\":[1,2]}")
        .isEqualTo(canonical(aFirst));
    assertThat(canonical(new Point(2.5, 1, "p"))).isEqualTo("{\"label\":\"p\",\"x\":1,\"y\":\"f64:4004000000000000\"}");
  }

  /** Expected bits checked with Python's struct.pack('>d', x).hex(). */
  @Test
  void numbersAreWrittenFromTheirExactValue() throws IOException {
    assertThat(canonical(List.of(1.0, -0.0, 3, 100L, new BigDecimal("1.50"), new BigDecimal("2E+3"), 9007199254740991.0)))
        .isEqualTo("[1,0,3,100,1.5,2000,9007199254740991]");
    assertThat(canonical(List.of(0.5, 1e21, 1.5e-7, 0.1)))
        .isEqualTo("[\"f64:3fe0000000000000\",\"f64:444b1ae4d6e2ef50\",\"f64:3e8421f5f40d8376\",\"f64:3fb999999999999a\"]");
    assertThat(canonical(0.1f)).isEqualTo("\"f64:3fb99999a0000000\"");
    assertThat(canonical(List.of(Double.NaN, Double.NEGATIVE_INFINITY)))
        .isEqualTo("[\"f64:7ff8000000000000\",\"f64:fff0000000000000\"]");
  }

  @Test
  void aCacheKeyIsPinnedAndSeesOnlyWhatMatters() throws IOException {
    TaskSpec task = TaskSpec.builder("train").input("data", Map.class).input("seed", Long.class)
        .output(Long.class).body(new TaskBody.Jvm((a, c) -> 0L, BodyId.declared("zero", "test")))
        .cache(CachePolicy.builder().version("v2").ignore("seed").build()).build();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("rows", 3);
    data.put("rate", 0.5);
    Map<String, Object> reordered = new LinkedHashMap<>();
    reordered.put("rate", 0.5);
    reordered.put("rows", 3);

    String key = CacheKeys.key(codec, task, new Object[] {data, 1L});

    // sha256 of
    // {"body":"declared:zero","inputs":{"data":{"rate":"f64:3fe0000000000000","rows":3}},"task":"train","version":"v2"}
    assertThat(key).isEqualTo("f25a91624a830524ecc8d304d017377d6ef2f30f39ae30eb81198f903647c413");
    assertThat(CacheKeys.key(codec, task, new Object[] {reordered, 99L})).isEqualTo(key);
    TaskSpec v3 = task.toBuilder().cache(task.cache().toBuilder().version("v3").build()).build();
    assertThat(CacheKeys.key(codec, v3, new Object[] {data, 1L})).isNotEqualTo(key);
    TaskSpec otherBody = task.toBuilder().body(new TaskBody.Jvm((a, c) -> 1L, BodyId.declared("one", "test"))).build();
    assertThat(CacheKeys.key(codec, otherBody, new Object[] {data, 1L})).isNotEqualTo(key);
  }

  record Row(double bitrate, double rebuffer, long sessions, String region) {}

  record Options(String zone, BigDecimal rate, java.util.Optional<String> note, java.time.Instant since,
      Map<String, Object> extra, List<Row> rows) {}

  /**
   * A key over lists of records (properties not in sorted order, escapes, non-ASCII, every kind of
   * number), pinned to the value the code before the one-pass generator computed (commit 099d694):
   * entries written then must still be found.
   */
  @Test
  void aCacheKeyOfRecordsIsPinned() {
    TaskSpec task = TaskSpec.builder("fit").input("rows", List.class).input("options", Options.class)
        .output(Long.class).body(new TaskBody.Jvm((a, c) -> 0L, BodyId.declared("fit", "test")))
        .cache(CachePolicy.builder().version("7").build()).build();
    List<Row> rows = List.of(new Row(4.5, 0.0125, 3, "eu-west"), new Row(8.0, 1e-7, -2, "s\u00e3o \"paulo\"\n"),
        new Row(-0.0, Double.NaN, Long.MAX_VALUE, ""));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("\u00e9t\u00e9", List.of(1, 2.5f, Map.of("b", true, "a", "x")));
    extra.put("Zulu", null);
    extra.put("alpha", new BigDecimal("10.500"));
    Options options = new Options("z\u2603", new BigDecimal("0.0100"), java.util.Optional.of("n"),
        java.time.Instant.parse("2024-05-01T10:00:00.123Z"), extra, rows);

    assertThat(CacheKeys.key(codec, task, new Object[] {rows, options}))
        .isEqualTo("e1eaa5d6b8a8eafff0519a1b6090660769dc9b10825bad8f651e69a19be9393b");
  }

  @Test
  void aFileIsKeyedByItsNameAndContentNotItsFolder() throws IOException {
    Files.createDirectories(dir.resolve("a"));
    Files.createDirectories(dir.resolve("b"));
    FileRef a = FileRef.of(Files.writeString(dir.resolve("a/data.csv"), "1,2,3"));
    FileRef b = FileRef.of(Files.writeString(dir.resolve("b/data.csv"), "1,2,3"));
    FileRef c = FileRef.of(Files.writeString(dir.resolve("c.csv"), "1,2,4"));

    JsonNode tree = codec.hashedTree(a);
    assertThat(CanonicalJson.toString(tree))
        .isEqualTo("{\"@sluice\":\"file\",\"name\":\"data.csv\",\"sha256\":\"" + a.sha256() + "\",\"size\":5}")
        .isEqualTo(canonical(b))
        .isNotEqualTo(canonical(c));
  }

  record Nested(Map<String, Object> attrs, List<Point> points, java.util.Optional<String> note, byte[] raw,
      java.time.Instant at, java.math.BigInteger big, float f, Object nothing) {}

  /** What the streaming writer (cache keys) writes from a value's tokens. */
  private String streamed(Object value) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (CanonicalGenerator g = codec.canonicalGenerator(out)) {
      codec.writeCanonical(value, g);
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void theStreamedTextIsTheTreesTextForEveryKindOfValue() throws IOException {
    Files.createDirectories(dir.resolve("s"));
    FileRef file = FileRef.of(Files.writeString(dir.resolve("s/data.csv"), "1,2,3"));
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("zeta", List.of(Map.of("y", 2.5, "b", -0.0), List.of(1, 2L, 0.1f)));
    attrs.put("alpha", new BigDecimal("1.500"));
    attrs.put("mid", "t\u00e9xt \"q\" \uD83D\uDE00");
    attrs.put("file", file);
    attrs.put("empty", Map.of());
    attrs.put("none", null);
    Nested nested = new Nested(attrs, List.of(new Point(1e300, -3, "a"), new Point(Double.NaN, 0.5, null)),
        java.util.Optional.of("n"), new byte[] {1, 2, 3}, java.time.Instant.parse("2024-05-01T10:00:00Z"),
        new java.math.BigInteger("123456789012345678901234567890"), 0.1f, null);
    List<Object> values = new java.util.ArrayList<>(List.of(nested, List.of(nested, nested), 1.0, 0.1, 42L,
        "plain", true, List.of(), Map.of("k", List.of(List.of()))));
    values.add(null);
    for (Object v : values) {
      assertThat(streamed(v)).as("%s", v).isEqualTo(canonical(v));
    }
  }

  @Test
  void aCacheKeyIsTheHashOfTheTreesCanonicalText() throws IOException {
    TaskSpec task = TaskSpec.builder("fit").input("zrows", List.class).input("alpha", Map.class).input("mid", Double.class)
        .output(Long.class).body(new TaskBody.Jvm((a, c) -> 0L, BodyId.declared("fit", "test")))
        .cache(CachePolicy.builder().version("3").ignore("mid").build()).build();
    Object[] args = {List.of(new Point(0.25, 2, "p"), new Point(1.5, 3.75, "q")), Map.of("b", 1, "a", List.of(0.1)), 7.0};
    com.fasterxml.jackson.databind.node.ObjectNode root = codec.mapper().createObjectNode();
    root.put("task", "fit").put("version", "3").put("body", "declared:fit");
    root.putObject("inputs").set("zrows", codec.hashedTree(args[0]));
    ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("inputs")).set("alpha", codec.hashedTree(args[1]));
    String expected = com.google.common.hash.Hashing.sha256()
        .hashString(CanonicalJson.toString(root), java.nio.charset.StandardCharsets.UTF_8).toString();
    assertThat(CacheKeys.key(codec, task, args)).isEqualTo(expected);
  }
}
