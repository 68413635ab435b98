package dev.sluice.core.internal.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
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
 * without trailing zeros. Cache keys hash this text; it is never parsed back.
 */
public final class CanonicalJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final double WHOLE_LIMIT = 0x1p53;
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
    writeDouble(d, g, new char[FLOAT_TEXT]);
  }

  /** {@code text}: a scratch buffer of {@code FLOAT_TEXT} chars (the generator copies it at once). */
  private static void writeDouble(double d, JsonGenerator g, char[] text) throws IOException {
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
    BigDecimal v = decimal.stripTrailingZeros();
    g.writeNumber(v.scale() <= 0 ? v.toBigIntegerExact().toString() : v.toPlainString());
  }

  // ---- the same text, straight from a token stream ----------------------------------------------

  /**
   * A generator writing to {@code out} (not closed with it), for {@link #writeTokens} and the
   * fields around them.
   */
  public static JsonGenerator generator(OutputStream out) throws IOException {
    JsonGenerator g = FACTORY.createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return g;
  }

  /**
   * Writes the canonical text of the value at {@code p}'s current token (and moves past it), the
   * same text as {@link #write(JsonNode, OutputStream)} of the tree Jackson would read from {@code
   * p}, without building that tree: arrays and scalars are streamed, and only an object's fields
   * are held until they are sorted (nested values as a token copy). Cache keys of large values
   * (lists of records) cost a third of the tree's time this way.
   */
  public static void writeTokens(JsonParser p, JsonGenerator g) throws IOException {
    writeTokens(p, g, new char[FLOAT_TEXT]);
  }

  private static void writeTokens(JsonParser p, JsonGenerator g, char[] scratch) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      throw new IOException("no value to write");
    }
    switch (t) {
      case START_OBJECT -> writeObject(p, g, scratch);
      case START_ARRAY -> {
        g.writeStartArray();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          writeTokens(p, g, scratch);
        }
        g.writeEndArray();
      }
      case VALUE_STRING -> g.writeString(p.getText());
      case VALUE_NUMBER_INT -> g.writeNumber(
          p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue().toString()
              : Long.toString(p.getLongValue()));
      case VALUE_NUMBER_FLOAT -> {
        if (p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL) {
          writeDecimal(p.getDecimalValue(), g);
        } else {
          writeDouble(p.getDoubleValue(), g, scratch);
        }
      }
      case VALUE_TRUE -> g.writeBoolean(true);
      case VALUE_FALSE -> g.writeBoolean(false);
      case VALUE_NULL -> g.writeNull();
      case VALUE_EMBEDDED_OBJECT -> writeEmbedded(p.getEmbeddedObject(), g);
      default -> throw new IOException("unexpected " + t + " where a value starts");
    }
  }

  /** As Jackson reads an embedded object into a tree (bytes, a node, else a POJO node's text). */
  private static void writeEmbedded(Object o, JsonGenerator g) throws IOException {
    if (o == null) {
      g.writeNull();
    } else if (o instanceof byte[] bytes) {
      g.writeString(Base64.getEncoder().encodeToString(bytes));
    } else if (o instanceof JsonNode node) {
      write(node, g);
    } else {
      g.writeString(o.toString());
    }
  }

  /**
   * One field of an object being sorted: a scalar's token and value (a double unboxed), or a copy
   * of a nested value.
   */
  private record Field(String name, JsonToken token, Object value, double number) {}

  private static void writeObject(JsonParser p, JsonGenerator g, char[] scratch) throws IOException {
    List<Field> fields = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      Object value = switch (t) {
        case START_OBJECT, START_ARRAY -> {
          TokenBuffer copy = new TokenBuffer(p, null);
          copy.copyCurrentStructure(p);
          yield copy;
        }
        case VALUE_STRING -> p.getText();
        case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue()
            : (Object) p.getLongValue();
        case VALUE_NUMBER_FLOAT -> p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL ? p.getDecimalValue() : null;
        case VALUE_EMBEDDED_OBJECT -> p.getEmbeddedObject();
        default -> null; // true, false, null: the token says it
      };
      boolean isDouble = t == JsonToken.VALUE_NUMBER_FLOAT && value == null;
      fields.add(new Field(name, t, value, isDouble ? p.getDoubleValue() : 0));
    }
    fields.sort((a, b) -> a.name().compareTo(b.name())); // stable: of repeated names, the last counts
    g.writeStartObject();
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      if (i + 1 < fields.size() && fields.get(i + 1).name().equals(f.name())) {
        continue;
      }
      g.writeFieldName(f.name());
      switch (f.token()) {
        case START_OBJECT, START_ARRAY -> {
          try (JsonParser nested = ((TokenBuffer) f.value()).asParser()) {
            nested.nextToken();
            writeTokens(nested, g, scratch);
          }
        }
        case VALUE_STRING -> g.writeString((String) f.value());
        case VALUE_NUMBER_INT -> g.writeNumber(f.value().toString());
        case VALUE_NUMBER_FLOAT -> {
          if (f.value() instanceof BigDecimal d) {
            writeDecimal(d, g);
          } else {
            writeDouble(f.number(), g, scratch);
          }
        }
        case VALUE_TRUE -> g.writeBoolean(true);
        case VALUE_FALSE -> g.writeBoolean(false);
        case VALUE_EMBEDDED_OBJECT -> writeEmbedded(f.value(), g);
        default -> g.writeNull();
      }
    }
    g.writeEndObject();
  }
}
