package dev.sluice.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.core.metric.PrometheusClient;
import dev.sluice.core.spi.MetricSample;
import dev.sluice.testing.prometheus.PrometheusTestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of a PromQL instant query against a real Prometheus on loopback (Debian's binary, started
 * by the benchmark, scraping a one-series endpoint every second).
 *
 * <ul>
 *   <li>{@code query}: {@link PrometheusClient#query} of {@code app_accuracy{model="churn"}} (HTTP
 *       POST, PromQL evaluation, JSON parsing).
 *   <li>{@code floor}: a bare HTTP GET of {@code /-/healthy} on the same server, same JDK client.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PrometheusQueryBenchmark {
  private HttpServer app;
  private PrometheusTestServer prometheus;
  private PrometheusClient client;
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpRequest healthy;

  @Setup(Level.Trial)
  public void start() throws IOException {
    app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    app.createContext("/metrics", exchange -> {
      byte[] body = "app_accuracy{model=\"churn\"} 0.81\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    app.start();
    prometheus = PrometheusTestServer.builder().scrape("app", "127.0.0.1:" + app.getAddress().getPort()).start();
    prometheus.awaitSample("app_accuracy", Duration.ofSeconds(30));
    client = PrometheusClient.builder(prometheus.uri()).build();
    healthy = HttpRequest.newBuilder(URI.create(prometheus.uri() + "-/healthy")).GET().build();
  }

  @TearDown(Level.Trial)
  public void stop() {
    prometheus.close();
    app.stop(0);
  }

  @Benchmark
  public List<MetricSample> query() {
    return client.query("app_accuracy{model=\"churn\"}");
  }

  @Benchmark
  public int floor() throws Exception {
    return http.send(healthy, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
