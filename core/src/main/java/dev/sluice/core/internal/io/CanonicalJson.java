package dev.sluice.core.internal.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
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
 * without trailing zeros. Cache keys hash this text (written in one pass by {@link
 * CanonicalGenerator}); it is never parsed back. This class writes it from a tree: the reference
 * the generator is tested against, and what a miss's explanation hashes.
 */
public final class CanonicalJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  /** Whole doubles below this are written in decimal. */
  static final double WHOLE_LIMIT = 0x1p53;
  private static final String FLOAT_PREFIX = "f64:";
  private static final int FLOAT_TEXT = FLOAT_PREFIX.length() + 16;
  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

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
      writeDouble(node.doubleValue(), g); // a float widens exactly
      return;
    }
    writeDecimal(node.decimalValue(), g);
  }

  private static void writeDouble(double d, JsonGenerator g) throws IOException {
    char[] text = new char[FLOAT_TEXT];
    if (d == Math.rint(d) && Math.abs(d) < WHOLE_LIMIT) {
      g.writeNumber(Long.toString((long) d)); // also turns -0.0 into 0
      return;
    }
    long bits = Double.doubleToLongBits(d);
    FLOAT_PREFIX.getChars(0, FLOAT_PREFIX.length(), text, 0);
    for (int i = 0; i < 16; i++) {
      text[FLOAT_PREFIX.length() + i] = HEX_DIGITS[(int) (bits >>> (60 - 4 * i)) & 0xF];
    }
    g.writeString(text, 0, FLOAT_TEXT);
  }

  private static void writeDecimal(BigDecimal decimal, JsonGenerator g) throws IOException {
    g.writeNumber(decimalText(decimal));
  }

  /** A decimal's canonical text: plain, without trailing zeros. */
  static String decimalText(BigDecimal decimal) {
    BigDecimal v = decimal.stripTrailingZeros();
    return v.scale() <= 0 ? v.toBigIntegerExact().toString() : v.toPlainString();
  }
}
