package dev.sluice.testing.ray.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.sluice.testing.ray.RecordedRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The dashboard's HTTP routes for jobs, version and packages, with Ray's guards and error bodies. */
final class JobsApi implements HttpHandler {
  private static final String JOBS = "/api/jobs/";
  private static final String PACKAGES = "/api/packages/";

  private final ServerSettings settings;
  private final Cluster cluster;
  private final ObjectMapper json;
  private final Consumer<RecordedRequest> recorder;
  private final Map<String, byte[]> packages = new ConcurrentHashMap<>();

  JobsApi(ServerSettings settings, Cluster cluster, ObjectMapper json, Consumer<RecordedRequest> recorder) {
    this.settings = settings;
    this.cluster = cluster;
    this.json = json;
    this.recorder = recorder;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getRawPath();
      recorder.accept(new RecordedRequest(
          method, ex.getRequestURI().toString(), headers(ex), new String(body, StandardCharsets.UTF_8)));
      if (!authorized(ex) || !allowedFromBrowser(ex, method, settings)) {
        return;
      }
      route(ex, method, path, body);
    } catch (RuntimeException e) {
      text(ex, 500, RayTexts.traceback(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  private void route(HttpExchange ex, String method, String path, byte[] body) throws IOException {
    if (path.equals("/api/version")) {
      if (method.equals("GET")) {
        version(ex);
      } else {
        methodNotAllowed(ex, "GET", "HEAD");
      }
    } else if (path.equals(JOBS)) {
      if (method.equals("POST")) {
        submit(ex, new String(body, StandardCharsets.UTF_8));
      } else if (method.equals("GET")) {
        ArrayNode list = json.createArrayNode();
        cluster.all().forEach(job -> list.add(cluster.details(job, json)));
        json(ex, 200, list);
      } else {
        methodNotAllowed(ex, "GET", "HEAD", "POST");
      }
    } else if (path.startsWith(JOBS) && path.length() > JOBS.length()) {
      String[] parts = path.substring(JOBS.length()).split("/", -1);
      jobRoute(ex, method, decode(parts[0]), Arrays.asList(parts).subList(1, parts.length));
    } else if (path.startsWith(PACKAGES) && path.substring(PACKAGES.length()).split("/").length == 2) {
      packageRoute(ex, method, path.substring(PACKAGES.length()), body);
    } else {
      text(ex, 404, RayTexts.NOT_FOUND);
    }
  }

  private void jobRoute(HttpExchange ex, String method, String id, List<String> rest) throws IOException {
    String sub = String.join("/", rest);
    if (rest.isEmpty()) {
      if (method.equals("GET")) {
        withJob(ex, id, job -> json(ex, 200, cluster.details(job, json)));
      } else if (method.equals("DELETE") && settings.atLeast(2, 4)) {
        withJob(ex, id, job -> {
          if (cluster.delete(job)) {
            json(ex, 200, json.createObjectNode().put("deleted", true));
          } else {
            text(ex, 500, RayTexts.deleteNonTerminal(id, cluster.record(job).status().name()));
          }
        });
      } else {
        String[] allowed = settings.atLeast(2, 4) ? new String[] {"DELETE", "GET", "HEAD"} : new String[] {"GET", "HEAD"};
        methodNotAllowed(ex, allowed);
      }
    } else if (sub.equals("logs") && method.equals("GET")) {
      withJob(ex, id, job -> json(ex, 200, json.createObjectNode().put("logs", job.logs())));
    } else if (sub.equals("stop") && method.equals("POST")) {
      withJob(ex, id, job -> json(ex, 200, json.createObjectNode().put("stopped", cluster.stop(job))));
    } else if (sub.equals("logs/tail") && method.equals("GET")) {
      // Ray answers a plain GET (no WebSocket upgrade) here with a 500 (checked on Ray 2.58); the
      // stand-in serves no WebSocket at all, so every request gets that answer.
      withJob(ex, id, job -> text(ex, 500, RayTexts.INTERNAL_ERROR));
    } else if (sub.equals("logs") || sub.equals("stop") || sub.equals("logs/tail")) {
      methodNotAllowed(ex, sub.equals("stop") ? new String[] {"POST"} : new String[] {"GET", "HEAD"});
    } else {
      text(ex, 404, RayTexts.NOT_FOUND);
    }
  }

  private void submit(HttpExchange ex, String body) throws IOException {
    try {
      SubmitRequest request = SubmitRequest.parse(body, settings, json);
      StandInJob job = cluster.submit(request);
      json(ex, 200, json.createObjectNode().put("job_id", job.id).put("submission_id", job.id));
    } catch (SubmitRequest.Rejected rejected) {
      text(ex, rejected.status, rejected.getMessage());
    }
  }

  private void version(HttpExchange ex) throws IOException {
    String api = settings.atLeast(2, 4) ? "4" : settings.atLeast(2, 2) ? "3" : "2";
    json(ex, 200, json.createObjectNode()
        .put("version", api)
        .put("ray_version", settings.rayVersion())
        .put("ray_commit", "0000000000000000000000000000000000000000")
        .put("session_name", "session_standin"));
  }

  private void packageRoute(HttpExchange ex, String method, String key, byte[] body) throws IOException {
    if (method.equals("GET")) {
      boolean exists = packages.containsKey(key);
      text(ex, exists ? 200 : 404, exists ? "Package " + key + " found." : "Package " + key + " not found.");
    } else if (method.equals("PUT")) {
      packages.put(key, body);
      text(ex, 200, "Successfully uploaded " + key + ".");
    } else {
      methodNotAllowed(ex, "GET", "HEAD", "PUT");
    }
  }

  // ---- guards ---------------------------------------------------------------------------------

  private boolean authorized(HttpExchange ex) throws IOException {
    String token = settings.authToken();
    if (token == null) {
      return true;
    }
    Optional<String> given = bearer(ex, "Authorization").or(() -> bearer(ex, "X-Ray-Authorization")).or(() -> cookie(ex));
    if (given.isEmpty()) {
      text(ex, 401, "Unauthorized: Missing authentication token");
      return false;
    }
    if (!given.get().equals(token)) {
      text(ex, 403, "Forbidden: Invalid authentication token");
      return false;
    }
    return true;
  }

  private static Optional<String> bearer(HttpExchange ex, String header) {
    String value = ex.getRequestHeaders().getFirst(header);
    return value != null && value.startsWith("Bearer ") ? Optional.of(value.substring(7).trim()) : Optional.empty();
  }

  private static Optional<String> cookie(HttpExchange ex) {
    String cookies = ex.getRequestHeaders().getFirst("Cookie");
    if (cookies == null) {
      return Optional.empty();
    }
    for (String c : cookies.split(";")) {
      String[] kv = c.trim().split("=", 2);
      if (kv.length == 2 && kv[0].equals("ray-authentication-token")) {
        return Optional.of(kv[1]);
      }
    }
    return Optional.empty();
  }

  /**
   * Ray refuses requests that look like a browser's (User-Agent Mozilla…, Origin, Referer, …): POST
   * and PUT before Ray 2.54; every method but GET and HEAD from 2.54, whose browser middleware
   * ({@code ray/_private/browser_request_middleware}) names the method in its answer.
   */
  private static boolean allowedFromBrowser(HttpExchange ex, String method, ServerSettings settings)
      throws IOException {
    boolean named = settings.atLeast(2, 54);
    boolean gated = named ? !method.equals("GET") && !method.equals("HEAD") : method.equals("POST") || method.equals("PUT");
    if (!gated) {
      return true;
    }
    String agent = ex.getRequestHeaders().getFirst("User-Agent");
    boolean browser = agent != null && agent.startsWith("Mozilla");
    for (String name : ex.getRequestHeaders().keySet()) {
      String n = name.toLowerCase(Locale.ROOT);
      browser |= n.equals("origin") || n.equals("referer") || n.startsWith("sec-fetch-")
          || n.startsWith("access-control-request-");
    }
    if (browser) {
      text(ex, 405, named ? RayTexts.browserRefused(method) : RayTexts.BROWSER_BEFORE_2_54);
    }
    return !browser;
  }

  // ---- replies --------------------------------------------------------------------------------

  private interface JobAction {
    void apply(StandInJob job) throws IOException;
  }

  private void withJob(HttpExchange ex, String id, JobAction action) throws IOException {
    Optional<StandInJob> job = cluster.find(id);
    if (job.isEmpty()) {
      text(ex, 404, RayTexts.jobNotFound(id));
      return;
    }
    action.apply(job.get());
  }

  private static void methodNotAllowed(HttpExchange ex, String... allowed) throws IOException {
    ex.getResponseHeaders().set("Allow", String.join(",", allowed));
    text(ex, 405, RayTexts.METHOD_NOT_ALLOWED);
  }

  private void json(HttpExchange ex, int status, JsonNode body) throws IOException {
    send(ex, status, "application/json; charset=utf-8", json.writeValueAsBytes(body));
  }

  private static void text(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] bytes) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> headers(HttpExchange ex) {
    Map<String, String> headers = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
    return headers;
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }
}
