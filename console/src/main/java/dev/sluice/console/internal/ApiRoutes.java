package dev.sluice.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.console.ops.Action;
import dev.sluice.console.ops.ForkAction;
import dev.sluice.console.ops.GateAction;
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
      case "gates" -> get(x, s, 1, () -> {
        x.onlyParams(Set.of("limit"));
        x.json(200, Map.of("gates", ops.waitingGates(intParam(x, "limit", 200))));
      });
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
    if (s.size() == 5 && what.equals("gates")) {
      gateAction(x, runId, s.get(3), s.get(4));
      return;
    }
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
      case "gates" -> get(x, s, 3, () -> {
        x.onlyParams(Set.of());
        x.json(200, Map.of("gates", ops.gates(runId)));
      });
      case "fork" -> post(x, () -> {
        ObjectNode body = Bodies.object(x, Set.of("from", "input"));
        String from = Bodies.text(body, "from").orElseThrow(() ->
            new HttpError(400, "give the node to fork from: {\"from\": \"<node>\", \"input\": {\"field\": \"value\"}}"));
        act(x, new ForkAction(runId, from, Bodies.strings(body, "input")));
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
        ObjectNode b = Bodies.object(x, Set.of("from", "to", "maxConcurrent"));
        act(x, new Action.Backfill(s.get(1), Bodies.instant(b, "from"), Bodies.instant(b, "to"),
            b.has("maxConcurrent") ? Bodies.integer(b, "maxConcurrent") : 1), false);
      });
    } else if (s.size() == 3 && (s.get(2).equals("pause") || s.get(2).equals("resume"))) {
      pauseOrResume(x, s);
    } else {
      throw new HttpError(404, "no API endpoint " + x.http.getRequestURI().getPath() + "; see /api/openapi.json");
    }
  }

  /** POST /api/runs/{run}/gates/{gate}/signal|approve|reject (a gate path's '/' sent as %2F). */
  private void gateAction(Exchange x, String runId, String gate, String verb) throws IOException {
    switch (verb) {
      case "signal" -> post(x, () -> {
        ObjectNode body = Bodies.object(x, Set.of("payload", "signalId"));
        JsonNode payload = body.get("payload");
        if (payload == null || payload.isNull()) {
          throw new HttpError(400, "give the signal's payload: {\"payload\": <JSON of the gate's type>, \"signalId\": \"<optional id>\"}");
        }
        act(x, new GateAction.Signal(runId, gate, payload.toString(), Bodies.text(body, "signalId")));
      });
      case "approve", "reject" -> post(x, () -> {
        ObjectNode body = Bodies.object(x, Set.of("by", "reason", "signalId"));
        act(x, new GateAction.Decide(runId, gate, verb.equals("approve"), Bodies.text(body, "by"),
            Bodies.text(body, "reason").orElse(""), Bodies.text(body, "signalId")));
      });
      default -> throw new HttpError(404, "no API endpoint " + x.http.getRequestURI().getPath()
          + "; a gate takes signal, approve or reject; see /api/openapi.json");
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
        ObjectNode b = Bodies.object(x, Set.of("reason"));
        act(x, new Action.Pause(s.get(1), b.path("reason").asText("")), false);
      } else {
        act(x, new Action.Unpause(s.get(1)));
      }
    });
  }

  private void act(Exchange x, Action action) throws IOException {
    act(x, action, true);
  }

  private void act(Exchange x, Action action, boolean noBody) throws IOException {
    x.onlyParams(Set.of());
    if (noBody && !(action instanceof GateAction || action instanceof ForkAction)) {
      checkBody(x);
    }
    String actor = x.http.getRequestHeaders().getFirst("X-Sluice-Actor");
    String who = (actor == null || actor.isBlank() ? "token holder" : actor.strip())
        + " from " + x.http.getRemoteAddress().getAddress().getHostAddress();
    x.json(200, ops.act(action, who));
  }

  /** Cancel, resume, recover and launch take no fields: an empty body, or a JSON object with none. */
  private static void checkBody(Exchange x) throws IOException {
    Bodies.object(x, Set.of());
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
