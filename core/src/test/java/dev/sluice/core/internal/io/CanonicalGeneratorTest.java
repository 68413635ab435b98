package dev.sluice.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass generator writes what cache keys hashed until now (the token path, {@link
 * TokenPathReference}, itself the tree's text), for every character, every order of fields, every
 * size and the calls serializers rarely make: entries written before stay hits.
 */
class CanonicalGeneratorTest {
  private final ValueCodec codec = ValueCodec.standard();

  private String tree(Object value) throws IOException {
    return CanonicalJson.toString(codec.hashedTree(value));
  }

  private String streamed(Object value) throws IOException {
    return TokenPathReference.streamed(codec, value);
  }

  /** The text keys hashed until now (the token path), which is also the tree's. */
  private void assertSameText(Object value) throws IOException {
    assertThat(streamed(value)).isEqualTo(TokenPathReference.of(codec, value)).isEqualTo(tree(value));
  }

  @Test
  void everyCharacterIsEscapedAsJacksonEscapesIt() throws IOException {
    for (int block = 0; block < 0x10000; block += 0x400) {
      StringBuilder text = new StringBuilder();
      Map<String, Object> keyed = new LinkedHashMap<>();
      for (int c = block; c < block + 0x400; c++) {
        text.append((char) c);
        keyed.put("k" + (char) c, c);
      }
      assertSameText(text.toString());
      assertSameText(keyed);
    }
    assertSameText(List.of("\uD83D\uDE00 pair", "lone \uD83D", "lone \uDE00 low", "\u007f\u0080\u07ff\u0800"));
  }

  /** Property names a bean serializer hands over as {@code SerializedString}s, some needing escapes. */
  record Named(
      @JsonProperty("quo\"te") int quote,
      @JsonProperty("caf\u00e9") int nonAscii,
      @JsonProperty("tab\t") int control,
      @JsonProperty("del\u007f") int delete,
      @JsonProperty("back\\slash") int backslash,
      @JsonProperty("\uD83D\uDE00") int pair,
      int plain) {}

  /** What one generator writes for an object whose names are every unit of a block, given as {@code names}. */
  private String namesWritten(int block, boolean serialized) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CanonicalGenerator g = codec.canonicalGenerator(out)) {
      g.writeStartObject();
      for (int c = block + 0x3ff; c >= block; c--) { // unsorted: held and rewritten at the end
        String name = "k" + (char) c;
        if (serialized) {
          g.writeFieldName(new SerializedString(name));
        } else {
          g.writeFieldName(name);
        }
        g.writeNumber(c);
      }
      g.writeEndObject();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * A name given as a {@code SerializedString} (a bean property's) is copied from the escaped
   * UTF-8 it keeps when that is its characters as they are: the text must be the one its
   * characters give, for every UTF-16 unit, through a bean serializer too.
   */
  @Test
  void aSerializedNameIsWrittenAsItsCharactersAre() throws IOException {
    for (int block = 0; block < 0x10000; block += 0x400) {
      assertThat(namesWritten(block, true)).isEqualTo(namesWritten(block, false));
    }
    assertSameText(new Named(1, 2, 3, 4, 5, 6, 7));
    assertSameText(List.of(new Named(1, 2, 3, 4, 5, 6, 7), new Named(-1, -2, -3, -4, -5, -6, -7)));
  }

  record Unsorted(String zeta, double alpha, Map<String, Object> mid, List<Unsorted> children) {}

  @Test
  void fieldsArrivingOutOfOrderAreSortedAtEveryDepth() throws IOException {
    Map<String, Object> mid = new LinkedHashMap<>();
    mid.put("z", List.of(Map.of("y", 1, "b", 2.5), List.of()));
    mid.put("a", new Unsorted("in", 0.1, Map.of(), List.of()));
    mid.put("aa", Map.of());
    mid.put("A", null);
    Unsorted leaf = new Unsorted("leaf", -0.0, mid, List.of());
    assertSameText(new Unsorted("root", 1e300, mid, List.of(leaf, leaf)));
    assertSameText(List.of(Map.of(), List.of(Map.of("b", 1, "a", 2)), mid));
  }

  /** A value whose serializer writes another value's key text first (a key computed inside a key). */
  @JsonSerialize(using = KeysInside.Serializer.class)
  record KeysInside(Object inner) {
    static final class Serializer extends StdSerializer<KeysInside> {
      private static final ValueCodec CODEC = ValueCodec.standard();

      Serializer() {
        super(KeysInside.class);
      }

      @Override
      public void serialize(KeysInside value, JsonGenerator g, SerializerProvider provider) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CanonicalGenerator inner = CODEC.canonicalGenerator(out)) {
          CODEC.writeCanonical(value.inner(), inner);
        }
        g.writeString(out.toString(StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * Buffers leave their arrays on the thread for the next key; one written while another is open
   * (by a serializer) must get its own, or the two texts would mix.
   */
  @Test
  void aKeyWrittenWhileAnotherIsOpenGetsItsOwnArrays() throws IOException {
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("z", new Unsorted("z", 1.5, Map.of("b", 1, "a", 2), List.of()));
    outer.put("k", new KeysInside(List.of(new Unsorted("in", 0.25, Map.of("y", 1, "x", 2), List.of()))));
    outer.put("a", new KeysInside(new KeysInside(Map.of("q", 1, "p", List.of(1.5, 2)))));
    for (int i = 0; i < 3; i++) { // and the arrays left behind serve the next keys
      assertSameText(outer);
      assertSameText(List.of(outer, outer));
    }
    assertThat(streamed(new KeysInside(Map.of("b", 1, "a", 2)))).isEqualTo("\"{\\\"a\\\":2,\\\"b\\\":1}\"");
  }

  @Test
  void largeValuesThatStreamAndLargeObjectsThatAreHeldGiveTheSameText() throws IOException {
    Random random = new Random(7);
    List<Object> rows = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      rows.add(new Unsorted("r" + i, random.nextDouble(), Map.of("n", i, "x", random.nextGaussian()), List.of()));
    }
    assertSameText(rows); // drained to the sink row by row
    assertSameText(new Unsorted("holder", 2, Map.of("rows", rows), List.of())); // held until sorted
  }

  /** A serializer that writes one field name twice: the tree keeps the last value. */
  @JsonSerialize(using = Repeated.Serializer.class)
  record Repeated(int first, int second) {
    static final class Serializer extends StdSerializer<Repeated> {
      Serializer() {
        super(Repeated.class);
      }

      @Override
      public void serialize(Repeated v, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeStartObject();
        g.writeNumberField("n", v.first());
        g.writeNumberField("b", 0);
        g.writeNumberField("n", v.second());
        g.writeEndObject();
      }
    }
  }

  @Test
  void aRepeatedFieldNameKeepsItsLastValue() throws IOException {
    assertThat(streamed(new Repeated(1, 2))).isEqualTo("{\"b\":0,\"n\":2}").isEqualTo(tree(new Repeated(1, 2)));
  }

  /** Writes each of the calls serializers rarely make, at the top of a value or inside it. */
  @JsonSerialize(using = Rare.Serializer.class)
  record Rare(int kind) {
    static final class Serializer extends StdSerializer<Rare> {
      Serializer() {
        super(Rare.class);
      }

      @Override
      public void serialize(Rare v, JsonGenerator g, SerializerProvider p) throws IOException {
        switch (v.kind()) {
          case 0 -> g.writeNumber("1.50");
          case 1 -> g.writeRawValue("{\"raw\":1}");
          case 2 -> g.writeObject(Map.of("b", 1.5, "a", List.of(1, 2)));
          case 3 -> g.writeTree(ValueCodec.newMapper().valueToTree(Map.of("y", 0.1, "x", "t")));
          case 4 -> g.writeBinary(new byte[] {1, 2, 3, (byte) 0xff});
          case 5 -> g.writeObject(new RawValue("raw text"));
          case 6 -> g.writeNumber(new BigInteger("123456789012345678901234567890"));
          case 7 -> g.writeNumber(new BigDecimal("-2.500E+3"));
          case 8 -> g.writeString(new char[] {'c', '\u00e9', '"'}, 0, 3);
          default -> g.writeNumber(Long.MIN_VALUE);
        }
      }
    }
  }

  /**
   * Where the token path and the tree differ (a number written as text is a decimal to the former,
   * a double to the latter), the keys follow the token path, which wrote them until now.
   */
  @Test
  void theRarerCallsKeepTheirTextAtEveryDepth() throws IOException {
    for (int kind = 0; kind <= 9; kind++) {
      Rare rare = new Rare(kind);
      Map<String, Object> inObject = new LinkedHashMap<>();
      inObject.put("z", rare);
      inObject.put("a", Map.of("deep", rare, "list", List.of(rare)));
      for (Object value : List.of(rare, List.of(rare, rare), inObject, List.of(Map.of("o", inObject)))) {
        assertThat(streamed(value)).as("kind %d in %s", kind, value).isEqualTo(TokenPathReference.of(codec, value));
      }
    }
  }

  @Test
  void randomValuesGiveTheTreesText() throws IOException {
    Random random = new Random(42);
    for (int i = 0; i < 300; i++) {
      Object value = randomValue(random, 0);
      assertThat(streamed(value)).as("%s", value).isEqualTo(TokenPathReference.of(codec, value)).isEqualTo(tree(value));
    }
  }

  private static Object randomValue(Random random, int depth) {
    int kind = random.nextInt(depth > 3 ? 7 : 9);
    return switch (kind) {
      case 0 -> random.nextLong() >> random.nextInt(64);
      case 1 -> random.nextBoolean() ? random.nextDouble() * Math.pow(10, random.nextInt(40) - 20) : (double) random.nextInt();
      case 2 -> new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(20) - 10);
      case 3 -> randomString(random);
      case 4 -> random.nextBoolean();
      case 5 -> random.nextFloat();
      case 6 -> null;
      case 7 -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
          list.add(randomValue(random, depth + 1));
        }
        yield list;
      }
      default -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(8); i > 0; i--) {
          map.put(randomString(random), randomValue(random, depth + 1));
        }
        yield map;
      }
    };
  }

  private static String randomString(Random random) {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(6); i > 0; i--) {
      s.append(switch (random.nextInt(4)) {
        case 0 -> (char) ('a' + random.nextInt(26));
        case 1 -> (char) random.nextInt(0x80);
        case 2 -> (char) random.nextInt(0x10000);
        default -> 'B';
      });
    }
    return s.toString();
  }
}
