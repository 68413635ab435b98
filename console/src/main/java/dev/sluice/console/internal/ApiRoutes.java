package dev.sluice.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.console.ops.Action;
import dev.sluice.console.ops.Operations;
import dev.sluice.console.ops.RunFilter;
import dev.sluice.core.engine.RunState;
import java.io.IOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON API under {@code /api/}: reads for anyone who reaches the server, actions for holders of
 * the token. Each route checks its method, its query parameters and its body before it touches the
 * operations layer, so a refused request changes nothing.
 */
final class ApiRoutes {
  private final Operations ops;
  private final byte[] token;
  private final LiveEvents events;

  ApiRoutes(Operations ops, String token, LiveEvents events) {
    this.ops = ops;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.events = events;
  }

  void handle(Exchange x) throws IOException {
    List<String> s = x.segments.subList(1, x.segments.size()); // after "api"
    String first = s.isEmpty() ? "" : s.get(0);
    switch (first) {
      case "info" -> get(x, s, 1, () -> info(x));
      case "openapi.json" -> get(x, s, 1, () -> x.send(200, "application/json", Resources.bytes("openapi.json")));
      case "runs" -> runs(x, s);
      case "plans" -> plans(x, s);
      case "triggers" -> triggers(x, s);
      case "events" -> EventWebhook.handle(x, s, ops, token);
      default -> throw new HttpError(404, "no API endpoint " + x.http.getRequestURI().getPath() + "; see /api/openapi.json");
    }
  }

  private void info(Exchange x) throws IOException {
    x.onlyParams(Set.of());
    x.json(200, Map.of("canAct", ops.canAct(), "api", "/api/openapi.json"));
  }

  private void runs(Exchange x, List<String> s) throws IOException {
    if (s.size() == 1) {
      get(x, s, 1, () -> x.json(200, ops.runs(filter(x))));
      return;
    }
    String runId = s.get(1);
    if (s.size() == 2) {
      get(x, s, 2, () -> {
        x.onlyParams(Set.of());
        x.json(200, ops.run(runId));
      });
      return;
    }
    String what = s.get(2);
    if (s.size() != 3) {
      throw new HttpError(404, "no API endpoint " + x.http.getRequestURI().getPath() + "; see /api/openapi.json");
    }
    switch (what) {
      case "dag" -> get(x, s, 3, () -> {
        x.onlyParams(Set.of());
        x.json(200, ops.dag(runId));
      });
      case "history" -> get(x, s, 3, () -> {
        x.onlyParams(Set.of("from"));
        x.json(200, Map.of("records", ops.history(runId, intParam(x, "from", 0))));
      });
      case "node" -> get(x, s, 3, () -> {
        x.onlyParams(Set.of("path"));
        String path = x.param("path");
        if (path == null) {
          throw new HttpError(400, "give the node's path: /api/runs/" + runId + "/node?path=<node>");
        }
        x.json(200, ops.node(runId, path));
      });
      case "actions" -> get(x, s, 3, () -> {
        x.onlyParams(Set.of());
        x.json(200, Map.of("actions", ops.actions(runId)));
      });
      case "events" -> get(x, s, 3, () -> {
        x.onlyParams(Set.of("from"));
        String last = x.http.getRequestHeaders().getFirst("Last-Event-ID");
        int from = last != null ? parseInt("Last-Event-ID", last) + 1 : intParam(x, "from", 0);
        events.stream(x, runId, from);
      });
      case "cancel" -> post(x, () -> act(x, new Action.Cancel(runId)));
      case "resume" -> post(x, () -> act(x, new Action.Resume(runId)));
      case "recover" -> post(x, () -> act(x, new Action.Recover(runId)));
      default -> throw new HttpError(404, "no API endpoint " + x.http.getRequestURI().getPath() + "; see /api/openapi.json");
    }
  }

  private void plans(Exchange x, List<String> s) throws IOException {
    if (s.size() == 1) {
      get(x, s, 1, () -> {
        x.onlyParams(Set.of());
        x.json(200, Map.of("plans", ops.plans()));
      });
    } else if (s.size() == 3 && s.get(2).equals("launch")) {
      post(x, () -> act(x, new Action.Launch(s.get(1))));
    } else if (s.size() == 3 && s.get(2).equals("backfill")) {
      post(x, () -> {
        JsonNode b = fields(x, Set.of("from", "to", "maxConcurrent"));
        act(x, new Action.Backfill(s.get(1), bodyInstant(b, "from"), bodyInstant(b, "to"),
            b.has("maxConcurrent") ? bodyInt(b, "maxConcurrent") : 1), false);
      });
    } else if (s.size() == 3 && (s.get(2).equals("pause") || s.get(2).equals("resume"))) {
      pauseOrResume(x, s);
    } else {
      throw new HttpError(404, "no API endpoint " + x.http.getRequestURI().getPath() + "; see /api/openapi.json");
    }
  }

  private void triggers(Exchange x, List<String> s) throws IOException {
    if (s.size() == 3 && (s.get(2).equals("pause") || s.get(2).equals("resume"))) {
      pauseOrResume(x, s);
      return;
    }
    get(x, s, 1, () -> {
      x.onlyParams(Set.of());
      x.json(200, Map.of("triggers", ops.triggers()));
    });
  }

  /** {@code POST …/<name>/pause} (body: optional {@code reason}) or {@code …/<name>/resume}. */
  private void pauseOrResume(Exchange x, List<String> s) throws IOException {
    post(x, () -> {
      if (s.get(2).equals("pause")) {
        JsonNode b = fields(x, Set.of("reason"));
        act(x, new Action.Pause(s.get(1), b.path("reason").asText("")), false);
      } else {
        act(x, new Action.Unpause(s.get(1)));
      }
    });
  }

  /** The body's JSON object (empty when there is no body), refusing fields not in {@code allowed}. */
  private static JsonNode fields(Exchange x, Set<String> allowed) throws IOException {
    byte[] body = x.body();
    if (body.length == 0) {
      return Exchange.JSON.createObjectNode();
    }
    JsonNode node = jsonObject(x, body);
    for (var it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new HttpError(400, "unknown field '" + f + "': this action takes "
            + (allowed.isEmpty() ? "no fields" : new java.util.TreeSet<>(allowed)));
      }
    }
    return node;
  }

  static JsonNode jsonObject(Exchange x, byte[] body) {
    String type = x.http.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new HttpError(415, "send the body as application/json (got " + type + ")");
    }
    JsonNode node;
    try {
      node = Exchange.JSON.readTree(body);
    } catch (IOException e) {
      throw new HttpError(400, "the body is not JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new HttpError(400, "the body must be a JSON object");
    }
    return node;
  }

  private static Instant bodyInstant(JsonNode b, String name) {
    if (!b.hasNonNull(name) || !b.get(name).isTextual()) {
      throw new HttpError(400, "give '" + name + "' as an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
    try {
      return Instant.parse(b.get(name).asText());
    } catch (DateTimeParseException e) {
      throw new HttpError(400, name + " '" + b.get(name).asText() + "' is not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
  }

  private static int bodyInt(JsonNode b, String name) {
    if (!b.get(name).canConvertToInt() || !b.get(name).isIntegralNumber()) {
      throw new HttpError(400, name + " must be a whole number, got " + b.get(name));
    }
    return b.get(name).asInt();
  }

  private void act(Exchange x, Action action) throws IOException {
    act(x, action, true);
  }

  private void act(Exchange x, Action action, boolean noBody) throws IOException {
    x.onlyParams(Set.of());
    if (noBody) {
      checkBody(x);
    }
    String actor = x.http.getRequestHeaders().getFirst("X-Sluice-Actor");
    String who = (actor == null || actor.isBlank() ? "token holder" : actor.strip())
        + " from " + x.http.getRemoteAddress().getAddress().getHostAddress();
    x.json(200, ops.act(action, who));
  }

  /** Actions take no fields yet: an empty body, or a JSON object with none. */
  private static void checkBody(Exchange x) throws IOException {
    fields(x, Set.of());
  }

  private RunFilter filter(Exchange x) {
    x.onlyParams(Set.of("workflow", "state", "label", "from", "before", "limit", "after"));
    RunFilter.Builder f = RunFilter.builder();
    if (x.param("workflow") != null) {
      f.workflow(x.param("workflow"));
    }
    for (String states : x.params("state")) {
      for (String st : states.split(",")) {
        try {
          f.state(RunState.valueOf(st.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new HttpError(400, "state '" + st + "' is not one of " + Arrays.toString(RunState.values()));
        }
      }
    }
    for (String label : x.params("label")) {
      int eq = label.indexOf('=');
      if (eq <= 0) {
        throw new HttpError(400, "label '" + label + "' must be key=value");
      }
      f.label(label.substring(0, eq), label.substring(eq + 1));
    }
    f.startedFrom(instant(x, "from"));
    f.startedBefore(instant(x, "before"));
    f.limit(intParam(x, "limit", 50));
    f.after(x.param("after"));
    return f.build();
  }

  private static Instant instant(Exchange x, String name) {
    String v = x.param(name);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new HttpError(400, name + " '" + v + "' is not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
  }

  private static int intParam(Exchange x, String name, int dflt) {
    String v = x.param(name);
    return v == null ? dflt : parseInt(name, v);
  }

  private static int parseInt(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new HttpError(400, name + " '" + v + "' is not a whole number");
    }
  }

  interface Body {
    void run() throws IOException;
  }

  private static void get(Exchange x, List<String> s, int size, Body body) throws IOException {
    if (s.size() != size) {
      throw new HttpError(404, "no API endpoint " + x.http.getRequestURI().getPath() + "; see /api/openapi.json");
    }
    if (!x.method().equals("GET")) {
      x.http.getResponseHeaders().set("Allow", "GET");
      throw new HttpError(405, x.method() + " is not allowed here; use GET");
    }
    body.run();
  }

  /** An action: POST with the token, else 405, 401 or 403 before anything is read or changed. */
  private void post(Exchange x, Body body) throws IOException {
    if (!x.method().equals("POST")) {
      x.http.getResponseHeaders().set("Allow", "POST");
      throw new HttpError(405, x.method() + " is not allowed here; actions are POST");
    }
    String auth = x.http.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.startsWith("Bearer ")) {
      x.http.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"sluice\"");
      throw new HttpError(401, "actions need the console's token: send 'Authorization: Bearer <token>' (printed when the console started)");
    }
    byte[] given = auth.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token)) {
      throw new HttpError(403, "the token is not this console's; use the one printed when it started");
    }
    body.run();
  }
}
