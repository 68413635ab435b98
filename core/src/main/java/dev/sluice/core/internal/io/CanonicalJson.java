package dev.sluice.core.internal.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One text per JSON value, whatever wrote it and on whichever JVM: object keys sorted (by UTF-16
 * code units), no whitespace, and every number written from its exact value: integers in plain
 * decimal, other numbers as the shortest exact plain decimal ({@code 0.5}, {@code 1} for 1.0, the
 * full binary expansion for {@code 0.1}), never through {@code Double.toString}, whose output
 * changed between JDK releases. NaN and infinities are written as the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"}. Cache keys hash this text.
 */
public final class CanonicalJson {
  private static final JsonFactory FACTORY = new JsonFactory();

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
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    write(node, out);
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
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
      case BINARY -> g.writeString(java.util.Base64.getEncoder().encodeToString(node.binaryValue()));
      default -> g.writeString(node.asText()); // STRING, and POJO values written as their text
    }
  }

  private static void writeNumber(JsonNode node, JsonGenerator g) throws IOException {
    if (node.isIntegralNumber()) {
      g.writeNumber(node.bigIntegerValue().toString());
      return;
    }
    if (node.isDouble() || node.isFloat()) {
      double d = node.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        g.writeString(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        return;
      }
      g.writeNumber(plain(new BigDecimal(d)));
      return;
    }
    g.writeNumber(plain(node.decimalValue()));
  }

  private static String plain(BigDecimal value) {
    BigDecimal v = value.stripTrailingZeros();
    return v.scale() <= 0 ? v.toBigIntegerExact().toString() : v.toPlainString();
  }
}
