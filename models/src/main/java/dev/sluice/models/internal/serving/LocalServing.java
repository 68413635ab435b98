package dev.sluice.models.internal.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.models.deploy.Deployment;
import dev.sluice.models.deploy.DeploymentFailedException;
import dev.sluice.models.deploy.ModelLoader;
import dev.sluice.models.deploy.Predictor;
import dev.sluice.models.registry.ModelVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDK's built-in HTTP server (no dependency: the same choice as the console) serving loaded
 * predictors by target name, KServe V1 style.
 */
public final class LocalServing implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1 << 20;
  private static final Pattern PATH = Pattern.compile("/v1/models/([A-Za-z0-9._-]{1,100})(:predict)?");

  private record Loaded(Deployment deployment, Predictor predictor) {}

  private final HttpServer server;
  private final ExecutorService loaders;
  private final ModelLoader loader;
  private final Clock clock;
  private final Map<String, Loaded> serving = new ConcurrentHashMap<>();

  /** Starts serving on {@code address}. */
  public LocalServing(InetSocketAddress address, ModelLoader loader, Clock clock) {
    this.loader = loader;
    this.clock = clock;
    try {
      this.server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address + " for local model serving", e);
    }
    this.loaders = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sluice-model-loader");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "sluice-model-server");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/v1/models/", this::handle);
    server.start();
  }

  /** The base URI. */
  public URI uri() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/");
  }

  /** Loads {@code version} within {@code timeout}, then swaps it in as {@code target}. */
  public Deployment deploy(String target, ModelVersion version, Duration timeout) {
    if (!PATH.matcher("/v1/models/" + target).matches()) {
      throw new IllegalArgumentException("target '" + target + "' is not a valid name: use 1 to 100 letters, digits, '.', '_' or '-'");
    }
    Future<Predictor> load = loaders.submit(() -> loader.load(version));
    Predictor predictor;
    try {
      predictor = load.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      load.cancel(true);
      throw new DeploymentFailedException(version.model() + " v" + version.version() + " did not load within "
          + timeout + " as " + target + "; the previous version still serves");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new DeploymentFailedException(version.model() + " v" + version.version() + " failed to load as "
          + target + ": " + cause + "; the previous version still serves", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      load.cancel(true);
      throw new DeploymentFailedException("interrupted while loading " + version.model() + " v" + version.version(), e);
    }
    if (predictor == null) {
      throw new DeploymentFailedException("the model loader returned no predictor for " + version.model() + " v" + version.version());
    }
    Deployment deployment = new Deployment(target, version.model(), version.version(),
        uri().resolve("v1/models/" + target + ":predict"), clock.instant());
    serving.put(target, new Loaded(deployment, predictor));
    return deployment;
  }

  /** What serves as {@code target}. */
  public Optional<Deployment> current(String target) {
    return Optional.ofNullable(serving.get(target)).map(Loaded::deployment);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
      if (!m.matches()) {
        reply(exchange, 404, error("no such path; use GET /v1/models/<name> or POST /v1/models/<name>:predict"));
        return;
      }
      Loaded loaded = serving.get(m.group(1));
      if (loaded == null) {
        reply(exchange, 404, error("no model is deployed as '" + m.group(1) + "'; serving " + serving.keySet()));
        return;
      }
      boolean predict = m.group(2) != null;
      String method = exchange.getRequestMethod();
      if (predict && !method.equals("POST") || !predict && !method.equals("GET")) {
        exchange.getResponseHeaders().set("Allow", predict ? "POST" : "GET");
        reply(exchange, 405, error(method + " is not allowed here; use " + (predict ? "POST" : "GET")));
        return;
      }
      if (!predict) {
        ObjectNode status = JSON.createObjectNode().put("name", m.group(1)).put("ready", true)
            .put("model_name", loaded.deployment().model()).put("version", Integer.toString(loaded.deployment().version()));
        reply(exchange, 200, status);
        return;
      }
      predict(exchange, loaded);
    }
  }

  private void predict(HttpExchange exchange, Loaded loaded) throws IOException {
    InputStream in = exchange.getRequestBody(); // closed with the exchange
    byte[] body = in.readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      drain(in);
      reply(exchange, 413, error("request body over 1 MiB; send fewer instances per request"));
      return;
    }
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      reply(exchange, 400, error("request body is not JSON: " + e.getOriginalMessage()));
      return;
    }
    JsonNode instances = request == null ? null : request.get("instances");
    if (instances == null || !instances.isArray()) {
      reply(exchange, 400, error("request body needs an \"instances\" array, e.g. {\"instances\": [[1.0, 2.0]]}"));
      return;
    }
    ArrayNode predictions = JSON.createArrayNode();
    for (int i = 0; i < instances.size(); i++) {
      try {
        predictions.add(JSON.valueToTree(loaded.predictor().predict(instances.get(i))));
      } catch (Exception e) {
        reply(exchange, 500, error("prediction failed on instance " + i + ": " + e));
        return;
      }
    }
    ObjectNode response = JSON.createObjectNode();
    response.set("predictions", predictions);
    response.put("model_name", loaded.deployment().model());
    response.put("model_version", Integer.toString(loaded.deployment().version()));
    reply(exchange, 200, response);
  }

  /**
   * Reads and drops what is left of a refused body (up to 64 MiB), so that the client, still
   * sending, reads the 413 instead of a connection reset (the JDK server drains only 64 KB on close
   * and resets the connection when more is left: seen as "Connection reset" in
   * LocalRolloutTest#badRequestsGetA4xxNamingTheProblem under load).
   */
  private static void drain(InputStream in) throws IOException {
    byte[] sink = new byte[64 * 1024];
    long left = 64L << 20;
    int n;
    while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
      left -= n;
    }
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
    loaders.shutdownNow();
  }
}
