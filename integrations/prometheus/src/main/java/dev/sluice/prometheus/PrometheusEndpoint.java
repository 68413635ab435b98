package dev.sluice.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus's view of a {@link PrometheusMeterRegistry}: a standalone scrape endpoint on the JDK's
 * HTTP server ({@code GET /metrics}), or, where an HTTP server already runs (the console), the body
 * and content type to serve from it:
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = PrometheusEndpoint.newRegistry();
 * SluiceMetrics metrics = SluiceMetrics.of(registry);
 * try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(registry, new InetSocketAddress(9464))) {
 *   ... // scrape http://host:9464/metrics
 * }
 * // or, mounted on another server:
 * Supplier<String> body = PrometheusEndpoint.scrapeBody(registry); // with CONTENT_TYPE
 * }</pre>
 */
public final class PrometheusEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.prometheus");

  /** The content type of {@link #scrapeBody}: Prometheus's text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** The path the standalone endpoint serves. */
  public static final String PATH = "/metrics";

  private final HttpServer server;
  private final ExecutorService threads;

  private PrometheusEndpoint(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /** A registry with Prometheus's defaults, for {@code SluiceMetrics.of}. */
  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** The scrape body of {@code registry}, computed at each call; serve it as {@link #CONTENT_TYPE}. */
  public static Supplier<String> scrapeBody(PrometheusMeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    return registry::scrape;
  }

  /**
   * Serves {@code GET /metrics} on {@code address} (port 0: a free one) from one daemon thread
   * until closed.
   *
   * @throws UncheckedIOException if the address cannot be bound, naming it
   */
  public static PrometheusEndpoint start(PrometheusMeterRegistry registry, InetSocketAddress address) {
    Supplier<String> body = scrapeBody(registry);
    HttpServer server;
    try {
      server = HttpServer.create(Objects.requireNonNull(address, "address"), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve Prometheus metrics on " + address + ": " + e.getMessage()
          + ". Fix: choose a free port (0 picks one)", e);
    }
    ExecutorService threads = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sluice-prometheus-endpoint");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext(PATH, exchange -> serve(exchange, body));
    server.start();
    log.info("serving Prometheus metrics at http://{}:{}{}", server.getAddress().getHostString(),
        server.getAddress().getPort(), PATH);
    return new PrometheusEndpoint(server, threads);
  }

  private static void serve(HttpExchange exchange, Supplier<String> body) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes;
      try {
        bytes = body.get().getBytes(StandardCharsets.UTF_8);
      } catch (RuntimeException e) {
        log.warn("scrape failed: {}", e.toString());
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(200, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  /** The port served (the one picked, when 0 was asked for). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://<host>:<port>/metrics}. */
  public URI uri() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + port() + PATH);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
