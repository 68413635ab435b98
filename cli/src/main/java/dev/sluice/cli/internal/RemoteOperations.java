package dev.sluice.cli.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sluice.console.ops.Action;
import dev.sluice.console.ops.ActionRecord;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.console.ops.DagView;
import dev.sluice.console.ops.ForkAction;
import dev.sluice.console.ops.GateAction;
import dev.sluice.console.ops.GateView;
import dev.sluice.console.ops.HistoryEntry;
import dev.sluice.console.ops.NodeView;
import dev.sluice.console.ops.OperationException;
import dev.sluice.console.ops.OperationException.Kind;
import dev.sluice.console.ops.Operations;
import dev.sluice.console.ops.PlanView;
import dev.sluice.console.ops.RunDetail;
import dev.sluice.console.ops.RunFilter;
import dev.sluice.console.ops.RunPage;
import dev.sluice.console.ops.TriggerView;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Operations} through a running console's HTTP API: what the CLI uses with {@code --console},
 * so that it acts through the engine that runs the workflows, exactly as the page does.
 */
public final class RemoteOperations implements Operations {
  private static final ObjectMapper JSON =
      new ObjectMapper().registerModule(new Jdk8Module()).registerModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final URI base;
  private final String token;
  private final String actor;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public RemoteOperations(URI base, String token, String actor) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.token = token;
    this.actor = actor;
  }

  @Override
  public boolean canAct() {
    return get("api/info").path("canAct").asBoolean();
  }

  @Override
  public RunPage runs(RunFilter f) {
    StringBuilder q = new StringBuilder("api/runs?limit=" + f.limit());
    f.workflow().ifPresent(w -> q.append("&workflow=").append(enc(w)));
    f.states().forEach(s -> q.append("&state=").append(s));
    f.labels().forEach((k, v) -> q.append("&label=").append(enc(k + "=" + v)));
    f.startedFrom().ifPresent(t -> q.append("&from=").append(t));
    f.startedBefore().ifPresent(t -> q.append("&before=").append(t));
    f.after().ifPresent(a -> q.append("&after=").append(enc(a)));
    return as(get(q.toString()), RunPage.class);
  }

  @Override
  public RunDetail run(String runId) {
    return as(get("api/runs/" + enc(runId)), RunDetail.class);
  }

  @Override
  public NodeView node(String runId, String path) {
    return as(get("api/runs/" + enc(runId) + "/node?path=" + enc(path)), NodeView.class);
  }

  @Override
  public DagView dag(String runId) {
    return as(get("api/runs/" + enc(runId) + "/dag"), DagView.class);
  }

  @Override
  public List<HistoryEntry> history(String runId, int from) {
    return list(get("api/runs/" + enc(runId) + "/history?from=" + from).path("records"), HistoryEntry.class);
  }

  @Override
  public List<PlanView> plans() {
    return list(get("api/plans").path("plans"), PlanView.class);
  }

  @Override
  public List<TriggerView> triggers() {
    return list(get("api/triggers").path("triggers"), TriggerView.class);
  }

  @Override
  public List<GateView> gates(String runId) {
    return list(get("api/runs/" + enc(runId) + "/gates").path("gates"), GateView.class);
  }

  @Override
  public List<GateView> waitingGates(int limit) {
    return list(get("api/gates?limit=" + limit).path("gates"), GateView.class);
  }

  @Override
  public List<ActionRecord> actions(String runId) {
    return list(get("api/runs/" + enc(runId) + "/actions").path("actions"), ActionRecord.class);
  }

  @Override
  public ActionRecord act(Action action, String who) {
    if (token == null || token.isBlank()) {
      throw new CliException(CliException.USAGE,
          "actions need the console's token: pass --token or set SLUICE_CONSOLE_TOKEN (the console printed it when it started)");
    }
    if (action instanceof Action.Pause || action instanceof Action.Unpause || action instanceof Action.Backfill) {
      return scheduleAction(action, who);
    }
    ObjectNode body = JSON.createObjectNode();
    String path;
    if (action instanceof Action.Launch l) {
      path = "api/plans/" + enc(l.plan()) + "/launch";
    } else if (action instanceof GateAction g) {
      path = "api/runs/" + enc(g.runId()) + "/gates/" + enc(g.gate()) + "/" + g.verb();
      g.signalId().ifPresent(id -> body.put("signalId", id));
      if (g instanceof GateAction.Signal sig) {
        body.set("payload", tree(sig.payloadJson()));
      } else if (g instanceof GateAction.Decide d) {
        d.by().ifPresent(by -> body.put("by", by));
        body.put("reason", d.reason());
      }
    } else if (action instanceof ForkAction f) {
      path = "api/runs/" + enc(f.runId()) + "/fork";
      body.put("from", f.fromNode());
      ObjectNode input = body.putObject("input");
      f.input().forEach(input::put);
    } else {
      path = "api/runs/" + enc(action.target()) + "/" + action.verb();
    }
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token).header("X-Sluice-Actor", who).timeout(Duration.ofSeconds(60)).build();
    return as(send(request), ActionRecord.class);
  }

  /** Pause, unpause (the API's {@code resume}) and backfill, with their fields as a JSON body. */
  private ActionRecord scheduleAction(Action action, String who) {
    ObjectNode body = JSON.createObjectNode();
    String verb;
    if (action instanceof Action.Pause p) {
      verb = "pause";
      body.put("reason", p.reason());
    } else if (action instanceof Action.Unpause) {
      verb = "resume";
    } else {
      Action.Backfill b = (Action.Backfill) action;
      verb = "backfill";
      body.put("from", b.from().toString()).put("to", b.to().toString()).put("maxConcurrent", b.maxConcurrent());
    }
    HttpRequest request = HttpRequest.newBuilder(base.resolve("api/plans/" + enc(action.target()) + "/" + verb))
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token).header("X-Sluice-Actor", who).timeout(Duration.ofSeconds(60)).build();
    return as(send(request), ActionRecord.class);
  }

  @Override
  public void close() {}

  private JsonNode get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET().timeout(Duration.ofSeconds(60)).build());
  }

  private JsonNode send(HttpRequest request) {
    HttpResponse<String> r;
    try {
      r = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new CliException(CliException.UNREACHABLE, "no console answers at " + base + ": is it running? (start one with `sluice console` or from your program)");
    } catch (IOException e) {
      throw new CliException(CliException.UNREACHABLE, "talking to the console at " + base + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(CliException.REFUSED, "interrupted");
    }
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new CliException(CliException.UNREACHABLE, base + " answered " + r.statusCode() + " with something that is not JSON: is it a Sluice console?");
    }
    if (r.statusCode() >= 400) {
      String message = body.path("error").asText("HTTP " + r.statusCode());
      throw switch (r.statusCode()) {
        case 400 -> new OperationException(Kind.INVALID, message);
        case 404 -> new OperationException(Kind.NOT_FOUND, message);
        case 422 -> new OperationException(Kind.UNPROCESSABLE, message);
        case 401, 403 -> new CliException(CliException.REFUSED, message + " (check --token / SLUICE_CONSOLE_TOKEN)");
        default -> new OperationException(Kind.CONFLICT, message);
      };
    }
    return body;
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new OperationException(Kind.INVALID, "the payload is not JSON: " + e.getMessage());
    }
  }

  private static <T> T as(JsonNode node, Class<T> type) {
    try {
      return JSON.treeToValue(node, type);
    } catch (IOException e) {
      throw new CliException(CliException.UNREACHABLE, "the console's answer does not read as " + type.getSimpleName() + ": " + e.getMessage());
    }
  }

  private static <T> List<T> list(JsonNode array, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(as(n, type));
    }
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

}
