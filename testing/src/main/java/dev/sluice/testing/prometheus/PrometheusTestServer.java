package dev.sluice.testing.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real Prometheus for tests: Debian's {@code prometheus} binary on a free loopback port, with a
 * temporary configuration that scrapes the targets given every second, and temporary storage.
 *
 * <pre>{@code
 * assumeTrue(PrometheusTestServer.isInstalled(), PrometheusTestServer.MISSING);
 * try (PrometheusTestServer prometheus = PrometheusTestServer.builder().scrape("app", "127.0.0.1:" + port).start()) {
 *   prometheus.awaitSample("app_accuracy", Duration.ofSeconds(20));
 *   ... PrometheusClient.builder(prometheus.uri()).build() ...
 * }
 * }</pre>
 *
 * <p>The first sample is queryable about 6 s after start (Prometheus discovers static targets every
 * 5 s); later changes show within about a second.
 */
public final class PrometheusTestServer implements AutoCloseable {
  /** Why a test is skipped where the binary is missing, with the fix. */
  public static final String MISSING =
      "the 'prometheus' binary is not installed; install it with: sudo apt-get install -y prometheus";

  private final ServerProcess server;

  private PrometheusTestServer(ServerProcess server) {
    this.server = server;
  }

  /** Whether Debian's {@code prometheus} is on the PATH (or in /usr/bin). */
  public static boolean isInstalled() {
    return ServerProcess.find("prometheus").isPresent();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The server's base URI, e.g. {@code http://127.0.0.1:40123/}. */
  public URI uri() {
    return server.uri;
  }

  /**
   * Waits until {@code promql} returns at least one series (e.g. once the first scrape is in).
   *
   * @throws IllegalStateException after {@code deadline}, with the last answer and the log's tail
   */
  public void awaitSample(String promql, Duration deadline) {
    HttpClient http = HttpClient.newHttpClient();
    URI query = server.uri.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    long end = System.nanoTime() + deadline.toNanos();
    String last = "";
    while (System.nanoTime() < end) {
      try {
        last = http.send(HttpRequest.newBuilder(query).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        if (last.contains("\"value\":[")) {
          return;
        }
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + promql, e);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    throw new IllegalStateException(
        "no sample of '" + promql + "' within " + deadline + "; last answer: " + last + "\nlog:\n" + server.logTail());
  }

  /** The last lines of Prometheus' log, for failure messages. */
  public String logTail() {
    return server.logTail();
  }

  /** Stops Prometheus and deletes its configuration and storage. */
  @Override
  public void close() {
    server.close();
  }

  /** What to scrape; mutable, {@link #start()} starts the server. */
  public static final class Builder {
    private final List<String> jobs = new ArrayList<>();
    private Duration scrapeInterval = Duration.ofSeconds(1);
    private Duration startDeadline = Duration.ofSeconds(20);

    private Builder() {}

    /** Scrapes {@code /metrics} of {@code target} ({@code host:port}) as job {@code job}, honouring its labels. */
    public Builder scrape(String job, String target) {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(target, "target");
      jobs.add("  - job_name: '" + job + "'\n    honor_labels: true\n    static_configs:\n      - targets: ['" + target + "']\n");
      return this;
    }

    /** Time between scrapes and rule evaluations (default 1 s). */
    public Builder scrapeInterval(Duration interval) {
      this.scrapeInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** Longest wait for the server to be ready (default 20 s). */
    public Builder startDeadline(Duration deadline) {
      this.startDeadline = Objects.requireNonNull(deadline, "deadline");
      return this;
    }

    /**
     * Starts Prometheus and waits until it is ready.
     *
     * @throws IllegalStateException if the binary is missing, or the server is not ready in time
     */
    public PrometheusTestServer start() {
      Path binary = ServerProcess.find("prometheus").orElseThrow(() -> new IllegalStateException(MISSING));
      Path dir;
      try {
        dir = Files.createTempDirectory("sluice-prometheus-");
        String seconds = scrapeInterval.toMillis() + "ms";
        Files.writeString(
            dir.resolve("prometheus.yml"),
            "global:\n  scrape_interval: " + seconds + "\n  evaluation_interval: " + seconds + "\nscrape_configs:\n"
                + String.join("", jobs));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write Prometheus' configuration", e);
      }
      try {
        return new PrometheusTestServer(
            ServerProcess.start(
                "prometheus",
                dir,
                port -> List.of(
                    binary.toString(),
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port),
                "-/ready",
                startDeadline));
      } catch (RuntimeException e) {
        ServerProcess.deleteTree(dir);
        throw e;
      }
    }
  }
}
