package dev.sluice.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Keys read {@code double} getters unboxed ({@link DoubleGetters}); the text they hash must stay
 * what Jackson's own path writes (the key is pinned), for every kind of bean an example passes.
 */
class DoubleGettersTest {
  private final ValueCodec codec = ValueCodec.standard();

  /** The QoE example's row: a record of doubles. */
  public record Row(double bitrate, double rebuffer, double startup, double loss, double mos) {}

  private record Hidden(double b, double a) {}

  /** A bean with getters, not a record. */
  public static final class Bean {
    private final double weight;

    Bean(double weight) {
      this.weight = weight;
    }

    public double getWeight() {
      return weight;
    }

    public double getHalf() {
      return weight / 2;
    }

    public boolean isHeavy() {
      return weight > 1;
    }

    public Double getBoxed() {
      return weight;
    }
  }

  /** Properties the fast path must leave to Jackson: each changes the text. */
  public record Annotated(
      @JsonFormat(shape = JsonFormat.Shape.STRING) double asText,
      @JsonSerialize(using = ToStringSerializer.class) double custom,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) double skippedWhenZero,
      @JsonProperty("renamed") double original,
      float single,
      double plain) {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  public record Typed(double x) {}

  public record Nested(String name, Row row, List<Row> rows, Map<String, Row> byName, Optional<Row> maybe,
      double[] array, List<Double> boxed) {}

  private String keyText(Object value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CanonicalGenerator g = codec.canonicalGenerator(out)) {
      codec.writeCanonical(value, g);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void keysWriteWhatJacksonsOwnPathWritesForRecordsBeansAndGenerics() throws IOException {
    Row row = new Row(2.5, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 3.0);
    Map<String, Row> byName = new LinkedHashMap<>();
    byName.put("z", row);
    byName.put("a", new Row(1e-300, 1e300, -1, 0.1, Double.MIN_VALUE));
    List<Object> values = new ArrayList<>(List.of(
        row,
        List.of(row, row),
        new Hidden(0.5, 1.5),
        new Bean(2.25),
        new Annotated(0.1, 0.2, 0.0, 0.4, 0.5f, 0.6),
        new Annotated(1.1, 1.2, 1.3, 1.4, 1.5f, 1.6),
        new Typed(7.5),
        new Nested("n", row, List.of(row), byName, Optional.of(row), new double[] {1.5, -2}, List.of(0.25))));
    for (Object value : values) {
      assertThat(keyText(value)).as("%s", value).isEqualTo(TokenPathReference.of(codec, value));
    }
  }

  /** Without this the test above would pass with no fast path at all. */
  @Test
  void aPlainDoubleGetterTakesTheFastPathAndAnAnnotatedOneJacksons() throws Exception {
    ObjectMapper mapper = ValueCodec.newMapper().registerModule(DoubleGetters.module());
    assertThat(writers(mapper, Row.class)).allMatch(w -> w instanceof DoubleGetters.Writer);
    assertThat(writers(mapper, Hidden.class)).allMatch(w -> w instanceof DoubleGetters.Writer);
    assertThat(writers(mapper, Bean.class))
        .filteredOn(w -> w instanceof DoubleGetters.Writer)
        .extracting(BeanPropertyWriter::getName)
        .containsExactlyInAnyOrder("weight", "half");
    assertThat(writers(mapper, Annotated.class))
        .filteredOn(w -> w instanceof DoubleGetters.Writer)
        .extracting(BeanPropertyWriter::getName)
        .doesNotContain("custom", "single");
  }

  private static List<BeanPropertyWriter> writers(ObjectMapper mapper, Class<?> type) throws Exception {
    BeanSerializer serializer =
        (BeanSerializer) mapper.getSerializerProviderInstance().findValueSerializer(type);
    List<BeanPropertyWriter> out = new ArrayList<>();
    for (Iterator<com.fasterxml.jackson.databind.ser.PropertyWriter> it = serializer.properties(); it.hasNext(); ) {
      out.add((BeanPropertyWriter) it.next());
    }
    return out;
  }
}
