package dev.sluice.core.internal.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The canonical text as cache keys computed it up to commit 099d694 (the serializer's tokens in a
 * {@link TokenBuffer}, then an object's fields held and sorted), kept verbatim as the reference
 * that {@link CanonicalGenerator} must match byte for byte, so that entries written before stay
 * hits.
 */
final class TokenPathReference {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final int FLOAT_TEXT = 20;
  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

  private TokenPathReference() {}

  /** The text the key path writes now for {@code value} (a {@link CanonicalGenerator}), to compare with {@link #of}. */
  static String streamed(ValueCodec codec, Object value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CanonicalGenerator g = codec.canonicalGenerator(out)) {
      codec.writeCanonical(value, g);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The text the old key path wrote for {@code value}. */
  static String of(ValueCodec codec, Object value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out);
        TokenBuffer buffer = new TokenBuffer(codec.mapper(), false)) {
      codec.mapper().writer().withAttribute(dev.sluice.core.artifact.ArtifactContext.class,
          dev.sluice.core.artifact.ArtifactContext.hashingOnly()).writeValue(buffer, value);
      try (JsonParser p = buffer.asParser(codec.mapper())) {
        p.nextToken();
        writeTokens(p, g);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void write(JsonNode node, JsonGenerator g) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CanonicalJson.write(node, out);
    g.writeRawValue(out.toString(StandardCharsets.UTF_8));
  }

  private static void writeDouble(double d, JsonGenerator g, char[] text) throws IOException {
    if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
      g.writeNumber(Long.toString((long) d));
      return;
    }
    long bits = Double.doubleToLongBits(d);
    "f64:".getChars(0, 4, text, 0);
    for (int i = 0; i < 16; i++) {
      text[4 + i] = HEX_DIGITS[(int) (bits >>> (60 - 4 * i)) & 0xF];
    }
    g.writeString(text, 0, FLOAT_TEXT);
  }

  private static void writeDecimal(BigDecimal decimal, JsonGenerator g) throws IOException {
    BigDecimal v = decimal.stripTrailingZeros();
    g.writeNumber(v.scale() <= 0 ? v.toBigIntegerExact().toString() : v.toPlainString());
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
