package dev.sluice.testing.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Prometheus Pushgateway for tests: Debian's {@code prometheus-pushgateway} on a free
 * loopback port, without persistence. Let a {@link PrometheusTestServer} scrape {@link #target()}.
 */
public final class PushgatewayTestServer implements AutoCloseable {
  /** Why a test is skipped where the binary is missing, with the fix. */
  public static final String MISSING =
      "the 'prometheus-pushgateway' binary is not installed; install it with: sudo apt-get install -y prometheus-pushgateway";

  private final ServerProcess server;

  private PushgatewayTestServer(ServerProcess server) {
    this.server = server;
  }

  /** Whether Debian's {@code prometheus-pushgateway} is on the PATH (or in /usr/bin). */
  public static boolean isInstalled() {
    return ServerProcess.find("prometheus-pushgateway").isPresent();
  }

  /**
   * Starts a Pushgateway and waits (at most {@code deadline}) until it is ready.
   *
   * @throws IllegalStateException if the binary is missing or the server is not ready in time
   */
  public static PushgatewayTestServer start(Duration deadline) {
    Path binary = ServerProcess.find("prometheus-pushgateway").orElseThrow(() -> new IllegalStateException(MISSING));
    Path dir;
    try {
      dir = Files.createTempDirectory("sluice-pushgateway-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a folder for the Pushgateway", e);
    }
    try {
      return new PushgatewayTestServer(
          ServerProcess.start(
              "pushgateway",
              dir,
              port -> List.of(binary.toString(), "--web.listen-address=127.0.0.1:" + port),
              "-/ready",
              deadline));
    } catch (RuntimeException e) {
      ServerProcess.deleteTree(dir);
      throw e;
    }
  }

  /** The base URI, e.g. {@code http://127.0.0.1:40124/}. */
  public URI uri() {
    return server.uri;
  }

  /** {@code 127.0.0.1:<port>}, for {@link PrometheusTestServer.Builder#scrape}. */
  public String target() {
    return "127.0.0.1:" + server.port;
  }

  /** Stops the Pushgateway and deletes its folder. */
  @Override
  public void close() {
    server.close();
  }
}
