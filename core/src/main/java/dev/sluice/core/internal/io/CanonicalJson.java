package dev.sluice.core.internal.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.primitives.Longs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * One text per JSON value, whatever wrote it and on whichever JVM: object keys sorted (by UTF-16
 * code units), no whitespace, and every number written from its exact value, never through {@code
 * Double.toString} (whose output changed between JDK releases). Integers, and floating-point values
 * that are whole numbers below 2^53, are written in plain decimal ({@code 1} for 1.0, so {@code 1}
 * and {@code 1.0} are one value); other binary floating-point values are written as the string
 * {@code "f64:"} followed by the 16 hex digits of their IEEE 754 bits, exact and about fifty times
 * cheaper than their exact decimal expansion; {@code BigDecimal} values are written in plain decimal
 * without trailing zeros. Cache keys hash this text; it is never parsed back.
 */
public final class CanonicalJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final double WHOLE_LIMIT = 0x1p53;
  private static final String FLOAT_PREFIX = "f64:";
  private static final HexFormat HEX = HexFormat.of();

  private CanonicalJson() {}

  /** Writes the canonical text of {@code node} to {@code out} (not closed). */
  public static void write(JsonNode node, OutputStream out) {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      write(node, g);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write canonical JSON", e);
    }
  }

  /** The canonical text of {@code node}. */
  public static String toString(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(node, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void write(JsonNode node, JsonGenerator g) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<String> names = new ArrayList<>(node.size());
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
        names.sort(null);
        g.writeStartObject();
        for (String name : names) {
          g.writeFieldName(name);
          write(node.get(name), g);
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode item : node) {
          write(item, g);
        }
        g.writeEndArray();
      }
      case NUMBER -> writeNumber(node, g);
      case BOOLEAN -> g.writeBoolean(node.booleanValue());
      case NULL, MISSING -> g.writeNull();
      case BINARY -> g.writeString(Base64.getEncoder().encodeToString(node.binaryValue()));
      default -> g.writeString(node.asText()); // STRING, and POJO values written as their text
    }
  }

  private static void writeNumber(JsonNode node, JsonGenerator g) throws IOException {
    if (node.isIntegralNumber()) {
      g.writeNumber(node.bigIntegerValue().toString());
      return;
    }
    if (node.isDouble() || node.isFloat()) {
      double d = node.doubleValue(); // a float widens exactly
      if (d == Math.rint(d) && Math.abs(d) < WHOLE_LIMIT) {
        g.writeNumber(Long.toString((long) d)); // also turns -0.0 into 0
      } else {
        g.writeString(FLOAT_PREFIX + HEX.formatHex(Longs.toByteArray(Double.doubleToLongBits(d))));
      }
      return;
    }
    BigDecimal v = node.decimalValue().stripTrailingZeros();
    g.writeNumber(v.scale() <= 0 ? v.toBigIntegerExact().toString() : v.toPlainString());
  }
}
