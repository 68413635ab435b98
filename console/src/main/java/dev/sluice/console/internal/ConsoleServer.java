package dev.sluice.console.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.console.ops.OperationException;
import dev.sluice.console.ops.Operations;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP server: the JDK's built-in {@link HttpServer} on a small pool of daemon
 * threads. {@code /api/} is the JSON API, everything else the page; extra handlers (e.g. {@code
 * /metrics}) are mounted on their own paths.
 */
public final class ConsoleServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.console");

  /** What {@code Console.Builder} collected. */
  public record Config(
      Operations ops,
      String host,
      int port,
      String token,
      Duration poll,
      int threads,
      int maxStreams,
      Map<String, HttpHandler> routes) {}

  private final HttpServer server;
  private final ExecutorService pool;
  private final ApiRoutes api;
  private final boolean loopback;

  public ConsoleServer(Config c) throws IOException {
    InetAddress address = InetAddress.getByName(c.host());
    this.loopback = address.isLoopbackAddress();
    this.server = HttpServer.create(new InetSocketAddress(address, c.port()), 64);
    AtomicInteger n = new AtomicInteger();
    // every open event stream holds a thread: room for all of them plus c.threads() for the rest
    int threads = c.threads() + c.maxStreams();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(256), r -> {
          Thread t = new Thread(r, "sluice-console-http-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    executor.allowCoreThreadTimeOut(true);
    this.pool = executor;
    server.setExecutor(pool);
    this.api = new ApiRoutes(c.ops(), c.token(), new LiveEvents(c.ops(), c.poll(), c.maxStreams()));
    server.createContext("/", this::serve);
    c.routes().forEach(server::createContext);
    server.start();
  }

  public URI uri() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
  }

  private void serve(HttpExchange http) {
    try (http) {
      http.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      http.getResponseHeaders().set("Referrer-Policy", "no-referrer");
      http.getResponseHeaders().set("X-Frame-Options", "DENY");
      Exchange x = null;
      try {
        checkHost(http);
        x = new Exchange(http);
        if (!x.segments.isEmpty() && x.segments.get(0).equals("api")) {
          api.handle(x);
        } else {
          StaticFiles.handle(x);
        }
      } catch (HttpError e) {
        answer(http, x, e.status, e.getMessage());
      } catch (OperationException e) {
        int status = switch (e.kind()) {
          case INVALID -> 400;
          case NOT_FOUND -> 404;
          case CONFLICT -> 409;
          case UNPROCESSABLE -> 422;
        };
        answer(http, x, status, e.getMessage());
      } catch (RuntimeException e) {
        log.warn("{} {} failed", http.getRequestMethod(), http.getRequestURI().getPath(), e);
        answer(http, x, 500, "the server failed: " + e.getClass().getSimpleName() + "; see its log");
      }
    } catch (IOException e) {
      log.debug("answering {} failed: {}", http.getRequestURI().getPath(), e.toString());
    }
  }

  /**
   * Bound to a loopback address, the server answers only requests addressed to it by a loopback
   * name: a web page elsewhere cannot reach it by rebinding its own host name to 127.0.0.1.
   */
  private void checkHost(HttpExchange http) {
    if (!loopback) {
      return;
    }
    String host = http.getRequestHeaders().getFirst("Host");
    String name = host == null ? "" : host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
    if (!(name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]") || name.startsWith("127."))) {
      throw new HttpError(421, "this console answers requests for localhost or 127.0.0.1 only, not '" + host + "'");
    }
  }

  private static void answer(HttpExchange http, Exchange x, int status, String message) throws IOException {
    if (x == null) {
      x = new Exchange(http);
    }
    x.error(status, message);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
