package dev.sluice.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIdentityInfo;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.JsonView;
import com.fasterxml.jackson.annotation.ObjectIdGenerators;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Keys write a plain bean's properties in canonical order ({@link SortedBeanSerializer}), a plain
 * {@code double} one straight into the generator: the text must stay byte for byte what Jackson's
 * own path wrote (the token path, {@link TokenPathReference}), for every kind of component, and
 * beans that are not plain must keep Jackson's path.
 */
class SortedBeanSerializerTest {
  private final ValueCodec codec = ValueCodec.standard();

  enum Colour { RED, GREEN }

  /** Every kind of component, declared out of canonical order. */
  public record Everything(
      String zText,
      double yDouble,
      int xInt,
      long wLong,
      short vShort,
      byte uByte,
      float tFloat,
      boolean sBool,
      char rChar,
      Double qBoxed,
      Integer pBoxed,
      Colour oEnum,
      Optional<String> nOptional,
      List<Double> mList,
      Map<String, Integer> lMap,
      BigDecimal kDecimal,
      BigInteger jBig,
      double[] iArray,
      Instant hTime,
      Inner gNested,
      List<Inner> fNested,
      Object eAny) {}

  /** A nested record whose components are in canonical order already. */
  public record Inner(double a, String b) {}

  /** Names that need escaping, or that sort differently from their components. */
  public record Named(
      @JsonProperty("é\"\\/\u0001") double escaped,
      @JsonProperty("Z") double upper,
      @JsonProperty("a") double renamedFirst,
      @JsonProperty("\uD800") double loneSurrogate,
      double b) {}

  /** A bean with getters. */
  public static final class Bean {
    private final double w;

    Bean(double w) {
      this.w = w;
    }

    public double getWeight() {
      return w;
    }

    public String getAName() {
      return "n" + w;
    }

    public boolean isHeavy() {
      return w > 1;
    }
  }

  /** Properties that keep Jackson's writer inside a sorted bean. */
  @JsonPropertyOrder({"plain", "asText"})
  public record Annotated(
      @JsonFormat(shape = JsonFormat.Shape.STRING) double asText,
      @JsonSerialize(using = ToStringSerializer.class) double custom,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) double skippedWhenZero,
      @JsonInclude(JsonInclude.Include.NON_NULL) String skippedWhenNull,
      double plain) {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  public record Typed(double z, double a) {}

  @JsonFormat(shape = JsonFormat.Shape.ARRAY)
  public record AsArray(double z, double a) {}

  /** A property whose type id Jackson writes as a sibling field after the value ("kind"). */
  public record ExternalTypeId(
      @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXTERNAL_PROPERTY, property = "kind")
      Inner animal,
      double b) {}

  public record HoldsArrayShaped(@JsonFormat(shape = JsonFormat.Shape.ARRAY) Inner inner, double z) {}

  public record Unwrapping(double z, @JsonUnwrapped Inner inner) {}

  @JsonIdentityInfo(generator = ObjectIdGenerators.IntSequenceGenerator.class)
  public record WithId(double z, double a) {}

  public record Viewed(@JsonView(Viewed.class) double z, double a) {}

  /** A bean with an any-getter: its fields are not all properties. */
  public static final class AnyGetter {
    public double getZ() {
      return 1.5;
    }

    @JsonAnyGetter
    public Map<String, Object> extra() {
      return new TreeMap<>(Map.of("a", 2.5, "zz", 3));
    }
  }

  /** A getter that fails. */
  public record Failing(double z) {
    @Override
    public double z() {
      throw new IllegalStateException("no z here");
    }
  }

  private String keyText(Object value) throws IOException {
    return TokenPathReference.streamed(codec, value);
  }

  private void assertJacksonsText(Object value) throws IOException {
    assertThat(keyText(value)).as("%s", value).isEqualTo(TokenPathReference.of(codec, value));
  }

  private static Everything everything(Random random, boolean nulls) {
    double[] specials = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, Double.MAX_VALUE, 0x1p53, -0x1p53 + 1, 0x1p53 + 2, 1e-300, 3.0, -7.0};
    double d = random.nextInt(3) == 0 ? specials[random.nextInt(specials.length)] : random.nextGaussian() * 1e6;
    String[] texts = {"plain", "quote\" back\\slash", "tab\t nl\n \u0000 \u001f", "é ü 中文 \uD83D\uDE00",
        "lone \uD800 surrogate", ""};
    return new Everything(
        nulls ? null : texts[random.nextInt(texts.length)],
        d,
        random.nextInt(),
        random.nextLong(),
        (short) random.nextInt(),
        (byte) random.nextInt(),
        random.nextFloat() * 100 - 50,
        random.nextBoolean(),
        (char) random.nextInt(0x10000),
        nulls ? null : specials[random.nextInt(specials.length)],
        nulls ? null : random.nextInt(),
        nulls ? null : Colour.values()[random.nextInt(2)],
        nulls ? Optional.empty() : Optional.of(texts[random.nextInt(texts.length)]),
        nulls ? null : List.of(d, 1.5),
        nulls ? null : Map.of("k" + random.nextInt(9), random.nextInt(), "a", 1),
        nulls ? null : new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(20) - 10),
        nulls ? null : BigInteger.valueOf(random.nextLong()).shiftLeft(70),
        nulls ? null : new double[] {d, -0.0, 2},
        nulls ? null : Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000_000)),
        nulls ? null : new Inner(d, "b"),
        nulls ? null : List.of(new Inner(-d, null), new Inner(0.5, "x")),
        nulls ? null : new Inner(1, "as an Object"));
  }

  @Test
  void recordsOfEveryKindOfComponentGiveJacksonsText() throws IOException {
    Random random = new Random(7);
    for (int i = 0; i < 300; i++) {
      assertJacksonsText(everything(random, i % 10 == 0));
    }
    List<Everything> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(everything(random, false));
    }
    assertJacksonsText(rows);
    assertJacksonsText(Map.of("rows", rows, "one", everything(random, true)));
  }

  @Test
  void namesThatNeedEscapingOrSortOtherwiseAndBeansWithGettersGiveJacksonsText() throws IOException {
    assertJacksonsText(new Named(1.5, -2.25, Double.NaN, 4, 0.1));
    assertJacksonsText(List.of(new Bean(0.5), new Bean(2)));
    assertJacksonsText(new Annotated(0.1, 0.2, 0.0, null, 0.6));
    assertJacksonsText(new Annotated(1.1, 1.2, 1.3, "s", 1.6));
  }

  @Test
  void beansThatAreNotPlainKeepJacksonsPathAndText() throws Exception {
    assertJacksonsText(new Typed(1.5, 2.5));
    assertJacksonsText(List.of(new Typed(1.5, 2.5)));
    assertJacksonsText(new AsArray(1.5, 2.5)); // an array in declaration order, not sorted
    assertJacksonsText(new HoldsArrayShaped(new Inner(0.5, "b"), 1));
    assertJacksonsText(new Unwrapping(1.5, new Inner(0.5, "b")));
    assertJacksonsText(List.of(new WithId(1.5, 2.5), new WithId(3.5, 4.5)));
    assertJacksonsText(new Viewed(1.5, 2.5));
    assertJacksonsText(new AnyGetter());
    assertJacksonsText(new ExternalTypeId(new Inner(0.5, "b"), 1.5)); // "kind" after "b", as canonical order puts it

    ObjectMapper keys = ValueCodec.keyMapper(codec.mapper());
    assertThat(sorts(keys, Everything.class)).isTrue();
    assertThat(sorts(keys, Inner.class)).isTrue();
    assertThat(sorts(keys, Bean.class)).isTrue();
    assertThat(sorts(keys, Annotated.class)).isTrue();
    assertThat(sorts(keys, Unwrapping.class)).isFalse();
    assertThat(sorts(keys, WithId.class)).isFalse();
    assertThat(sorts(keys, Viewed.class)).isFalse();
    assertThat(sorts(keys, AnyGetter.class)).isFalse();
    assertThat(sorts(keys, ExternalTypeId.class)).isFalse();
  }

  /** Without this the tests above would pass with no sorted path at all. */
  @Test
  void aPlainRecordTakesTheSortedPathWithItsDoublesWrittenDirectly() throws Exception {
    ObjectMapper keys = ValueCodec.keyMapper(codec.mapper());
    SortedBeanSerializer rows = (SortedBeanSerializer) keys.getSerializerProviderInstance().findValueSerializer(Inner.class);
    assertThat(rows.sortedNames()).containsExactly("a", "b");
    assertThat(rows.directDoubles()).isEqualTo(1);
    SortedBeanSerializer all =
        (SortedBeanSerializer) keys.getSerializerProviderInstance().findValueSerializer(Everything.class);
    assertThat(all.sortedNames()).isSorted().hasSize(22);
    assertThat(all.directDoubles()).isEqualTo(1); // yDouble; the boxed Double keeps Jackson's writer
    SortedBeanSerializer named = (SortedBeanSerializer) keys.getSerializerProviderInstance().findValueSerializer(Named.class);
    assertThat(named.sortedNames()).containsExactly("Z", "a", "b", "é\"\\/\u0001", "\uD800");
  }

  @Test
  void aFailingGetterFailsAsOnJacksonsPath() {
    Object value = List.of(new Failing(1));
    String jacksons = null;
    try {
      codec.mapper().writeValueAsString(value);
    } catch (IOException e) {
      jacksons = e.getMessage();
    }
    assertThat(jacksons).contains("no z here");
    assertThatThrownBy(() -> keyText(value)).isInstanceOf(JsonMappingException.class).hasMessage(jacksons);
  }

  private static boolean sorts(ObjectMapper keys, Class<?> type) throws Exception {
    return keys.getSerializerProviderInstance().findValueSerializer(type) instanceof SortedBeanSerializer s
        && s.sortedNames() != null;
  }
}
