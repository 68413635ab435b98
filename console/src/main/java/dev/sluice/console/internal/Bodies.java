package dev.sluice.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Action bodies: a JSON object with known fields only, each of the expected JSON type. */
final class Bodies {
  private Bodies() {}

  /** The body as an object (empty when there is none), refused if it has a field not in {@code fields}. */
  static ObjectNode object(Exchange x, Set<String> fields) throws IOException {
    byte[] body = x.body();
    if (body.length == 0) {
      return Exchange.JSON.createObjectNode();
    }
    ObjectNode node = json(x, body);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw new HttpError(400, "unknown field '" + name + "': "
            + (fields.isEmpty() ? "this action takes no fields" : "this action takes " + fields));
      }
    }
    return node;
  }

  /** {@code body} as a JSON object, sent as {@code application/json}; any fields. */
  static ObjectNode json(Exchange x, byte[] body) {
    String type = x.http.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new HttpError(415, "send the body as application/json (got " + type + ")");
    }
    JsonNode node;
    try {
      node = Exchange.JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new HttpError(400, "the body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new HttpError(400, "the body could not be read: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new HttpError(400, "the body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  /** A required ISO-8601 instant field. */
  static Instant instant(ObjectNode body, String field) {
    if (!body.hasNonNull(field) || !body.get(field).isTextual()) {
      throw new HttpError(400, "give '" + field + "' as an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
    try {
      return Instant.parse(body.get(field).asText());
    } catch (DateTimeParseException e) {
      throw new HttpError(400, field + " '" + body.get(field).asText()
          + "' is not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
  }

  /** A whole-number field. */
  static int integer(ObjectNode body, String field) {
    if (!body.get(field).isIntegralNumber() || !body.get(field).canConvertToInt()) {
      throw new HttpError(400, field + " must be a whole number, got " + body.get(field));
    }
    return body.get(field).asInt();
  }

  /** A text field; empty when absent or null, refused when not text. */
  static Optional<String> text(ObjectNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new HttpError(400, "field '" + field + "' must be a string, got " + v.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return Optional.of(v.asText());
  }

  /** An object of fields to values (numbers and booleans as their JSON text); empty when absent. */
  static Map<String, String> strings(ObjectNode body, String field) {
    JsonNode v = body.get(field);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      throw new HttpError(400, "field '" + field + "' must be an object of field names to values");
    }
    v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    return out;
  }
}
