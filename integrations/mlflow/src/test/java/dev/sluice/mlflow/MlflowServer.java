package dev.sluice.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A stand-in MLflow tracking server on the JDK's HTTP server, for the parts of MLflow's REST API
 * sluice-mlflow calls ({@code /api/2.0/mlflow/...}; routes as in service.proto and
 * model_registry.proto, dispatched as mlflow/server/handlers.py does). Request handling copied from
 * handlers.py {@code _get_request_message}: a GET's parameters come from its query string, any other
 * method's from a JSON body, and a non-GET without {@code Content-Type: application/json} is
 * refused ({@code _validate_content_type}). Errors are MLflow's {@code {"error_code", "message"}}
 * bodies with its statuses ({@link MlflowApiError}); an unknown path is 404 ENDPOINT_NOT_FOUND.
 *
 * <p>Faults on demand: {@link #failNext} answers the next requests with an error (503
 * TEMPORARILY_UNAVAILABLE, as MLflow or a proxy in front of it does while restarting); {@link
 * #pendingReads} and {@link #failRegistrations} make new versions pass through
 * PENDING_REGISTRATION; {@link #requireAuthorization} answers 401 without the expected header.
 * Not copied: experiments other than the default, search filters other than {@code name='x'},
 * stages, descriptions, deletes.
 */
final class MlflowServer implements AutoCloseable {
  private static final String API = "/api/2.0/mlflow/";
  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(16);
  final StandInRegistry registry = new StandInRegistry();
  final StandInTracking tracking = new StandInTracking();
  private final Map<String, Function<JsonNode, ObjectNode>> routes;
  private final AtomicInteger failures = new AtomicInteger();
  private volatile int failStatus = 503;
  private volatile String requiredAuthorization;
  /** Every request: {@code METHOD path}, in order. */
  final List<String> requests = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.ConcurrentHashMap<String, Runnable> after = new java.util.concurrent.ConcurrentHashMap<>();
  /** Every Authorization header received. */
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  private MlflowServer() throws IOException {
    routes = Map.ofEntries(
        Map.entry("POST registered-models/create", registry::createModel),
        Map.entry("GET registered-models/get", registry::getModel),
        Map.entry("GET registered-models/search", registry::searchModels),
        Map.entry("POST registered-models/set-tag", registry::setModelTag),
        Map.entry("POST registered-models/alias", registry::setAlias),
        Map.entry("DELETE registered-models/alias", registry::deleteAlias),
        Map.entry("GET registered-models/alias", registry::getByAlias),
        Map.entry("POST model-versions/create", registry::createVersion),
        Map.entry("GET model-versions/get", registry::getVersion),
        Map.entry("GET model-versions/search", registry::searchVersions),
        Map.entry("POST model-versions/set-tag", registry::setVersionTag),
        Map.entry("POST runs/create", tracking::createRun),
        Map.entry("POST runs/log-batch", tracking::logBatch),
        Map.entry("POST runs/update", tracking::updateRun));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A server on a free port of 127.0.0.1. */
  static MlflowServer start() {
    try {
      return new MlflowServer();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next {@code count} requests get {@code status} (503: TEMPORARILY_UNAVAILABLE) before any work. */
  void failNext(int count, int status) {
    failStatus = status;
    failures.set(count);
  }

  /** New versions stay PENDING_REGISTRATION for this many {@code model-versions/get} reads (0: READY at once). */
  void pendingReads(int reads) {
    registry.pendingReads(reads);
  }

  /** New versions end FAILED_REGISTRATION with this status message (null: they end READY). */
  void failRegistrations(String statusMessage) {
    registry.failRegistrations(statusMessage);
  }

  /** Runs {@code action} once, right after the next {@code METHOD path} (e.g. {@code POST registered-models/set-tag}) is answered: another writer's request landing between two of ours. */
  void afterNext(String route, Runnable action) {
    after.put(route, action);
  }

  /** Requests without exactly this Authorization header get 401. */
  void requireAuthorization(String header) {
    requiredAuthorization = header;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      requests.add(method + " " + path);
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (auth != null) {
        authorizations.add(auth);
      }
      if (failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
        String code = failStatus == 503 ? "TEMPORARILY_UNAVAILABLE" : "INTERNAL_ERROR";
        send(exchange, failStatus, error(code, "stand-in fault: the server is unavailable"));
        return;
      }
      if (requiredAuthorization != null && !requiredAuthorization.equals(auth)) {
        // MLflow's basic-auth app answers 401 with WWW-Authenticate (mlflow/server/auth/__init__.py)
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"mlflow\"");
        send(exchange, 401, error("UNAUTHENTICATED", "You are not authenticated. Please see "
            + "https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate."));
        return;
      }
      Function<JsonNode, ObjectNode> route = path.startsWith(API)
          ? routes.get(method + " " + path.substring(API.length())) : null;
      if (route == null) {
        send(exchange, 404, error("ENDPOINT_NOT_FOUND", "No API endpoint for " + method + " " + path));
        return;
      }
      try {
        byte[] answer = json.writeValueAsBytes(route.apply(request(exchange, method)));
        Runnable then = after.remove(method + " " + path.substring(API.length()));
        if (then != null) {
          then.run();
        }
        send(exchange, 200, answer);
      } catch (MlflowApiError e) {
        send(exchange, e.status(), error(e.code, e.getMessage()));
      } catch (RuntimeException e) {
        send(exchange, 500, error("INTERNAL_ERROR", e.toString()));
      }
    }
  }

  private JsonNode request(HttpExchange exchange, String method) throws IOException {
    if (method.equals("GET")) {
      ObjectNode q = json.createObjectNode();
      String raw = exchange.getRequestURI().getRawQuery();
      if (raw != null) {
        for (String pair : raw.split("&")) {
          int eq = pair.indexOf('=');
          String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
          q.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      return q;
    }
    String type = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
    if (!type.startsWith("application/json")) {
      throw MlflowApiError.invalid("Bad Request. Content-Type must be one of ['application/json'].");
    }
    byte[] body = exchange.getRequestBody().readAllBytes();
    return body.length == 0 ? json.createObjectNode() : json.readTree(body);
  }

  private byte[] error(String code, String message) throws IOException {
    return json.writeValueAsBytes(json.createObjectNode().put("error_code", code).put("message", message));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
