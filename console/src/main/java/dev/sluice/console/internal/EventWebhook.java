package dev.sluice.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.console.ops.EventEndpoint;
import dev.sluice.console.ops.Operations;
import dev.sluice.core.trigger.Event;
import dev.sluice.core.trigger.TriggerEvaluation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /api/events/<source>}: a webhook into a push event source. The sender holds the
 * console's token or the source's own secret; the body is a JSON object, either the payload itself
 * or {@code {"id", "type", "attributes", "payload"}}; the event id comes from the {@code
 * X-Sluice-Event-Id} header, the body's {@code id}, or is made up (then a retried post may launch
 * twice: give an id). Answers 202 with the triggers' decisions, or a 4xx naming what is wrong, or
 * 503 on a replica that does not lead.
 */
final class EventWebhook {
  private static final Set<String> ENVELOPE = Set.of("id", "type", "attributes", "payload");

  private EventWebhook() {}

  static void handle(Exchange x, List<String> s, Operations ops, byte[] consoleToken) throws IOException {
    if (s.size() != 2) {
      throw new HttpError(404, "no API endpoint " + x.http.getRequestURI().getPath() + "; events go to /api/events/<source>");
    }
    if (!x.method().equals("POST")) {
      x.http.getResponseHeaders().set("Allow", "POST");
      throw new HttpError(405, x.method() + " is not allowed here; events are POSTed");
    }
    x.onlyParams(Set.of());
    String name = s.get(1);
    EventEndpoint endpoint = ops.eventEndpoint(name).orElseThrow(() -> new HttpError(404,
        "no event source '" + printable(name) + "' is served by this console; serve one with"
            + " Console.builder().eventSource(EventSources.push(\"" + printable(name) + "\"), secret)"));
    authenticate(x, endpoint, consoleToken);
    JsonNode body = Bodies.json(x, x.body());
    boolean envelope = body.has("payload") && allIn(body, ENVELOPE);
    String id = x.http.getRequestHeaders().getFirst("X-Sluice-Event-Id");
    if (id == null && envelope && body.has("id")) {
      if (!body.get("id").isTextual()) {
        throw new HttpError(400, "the event's 'id' must be a string");
      }
      id = body.get("id").asText();
    }
    if (id == null) {
      id = UUID.randomUUID().toString();
    }
    String type = envelope && body.has("type") ? text(body, "type") : "webhook";
    Map<String, String> attributes = new LinkedHashMap<>();
    if (envelope && body.has("attributes")) {
      JsonNode a = body.get("attributes");
      if (!a.isObject()) {
        throw new HttpError(400, "the event's 'attributes' must be an object of strings");
      }
      for (var it = a.fields(); it.hasNext(); ) {
        var e = it.next();
        if (!e.getValue().isTextual()) {
          throw new HttpError(400, "attribute '" + printable(e.getKey()) + "' must be a string, got " + e.getValue().getNodeType());
        }
        attributes.put(e.getKey(), e.getValue().asText());
      }
    }
    JsonNode payload = envelope ? body.get("payload") : body;
    Event event;
    try {
      event = new Event(name, id, type, Instant.now(), attributes, payload.toString());
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage());
    }
    List<TriggerEvaluation> decisions;
    try {
      decisions = endpoint.source().publish(event);
    } catch (IllegalStateException e) {
      x.http.getResponseHeaders().set("Retry-After", "5");
      throw new HttpError(503, e.getMessage());
    }
    x.json(202, Map.of("event", id, "decisions", decisions));
  }

  private static void authenticate(Exchange x, EventEndpoint endpoint, byte[] consoleToken) {
    String auth = x.http.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.startsWith("Bearer ")) {
      x.http.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"sluice\"");
      throw new HttpError(401, "events need the console's token or the source's secret: send 'Authorization: Bearer"
          + " <token or secret>'");
    }
    byte[] given = auth.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
    boolean ok = MessageDigest.isEqual(given, consoleToken)
        || endpoint.secret().map(sec -> MessageDigest.isEqual(given, sec.getBytes(StandardCharsets.UTF_8))).orElse(false);
    if (!ok) {
      throw new HttpError(403, "neither the console's token nor the secret of event source '" + endpoint.source().name() + "'");
    }
  }

  private static boolean allIn(JsonNode node, Set<String> names) {
    for (var it = node.fieldNames(); it.hasNext(); ) {
      if (!names.contains(it.next())) {
        return false;
      }
    }
    return true;
  }

  private static String text(JsonNode body, String field) {
    if (!body.get(field).isTextual()) {
      throw new HttpError(400, "the event's '" + field + "' must be a string");
    }
    return body.get(field).asText();
  }

  private static String printable(String s) {
    String p = s.replaceAll("[^\\x20-\\x7e]", "?");
    return p.length() > 100 ? p.substring(0, 100) + "…" : p;
  }
}
