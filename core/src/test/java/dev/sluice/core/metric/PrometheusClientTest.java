package dev.sluice.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.core.spi.MetricQueryException;
import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.spi.MetricSourceUnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Prometheus client against a JDK HTTP server answering as Prometheus' query API does. */
class PrometheusClientTest {
  private final HttpServer server;
  private volatile int status = 200;
  private volatile String body = "";
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  PrometheusClientTest() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/prom/api/v1/query", exchange -> {
      String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      queries.add(exchange.getRequestMethod() + " " + URLDecoder.decode(form, StandardCharsets.UTF_8));
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private PrometheusClient client() {
    return PrometheusClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prom"))
        .header("Authorization", "Bearer s3cr3t").timeout(Duration.ofSeconds(5)).build();
  }

  private void answer(int status, String json) {
    this.status = status;
    this.body = json;
  }

  @Test
  void aVectorComesBackAsOneSamplePerSeriesWithItsLabels() {
    answer(200, """
        {"status":"success","data":{"resultType":"vector","result":[
          {"metric":{"__name__":"model_accuracy","model":"churn","env":"prod"},"value":[1717416000.5,"0.81"]},
          {"metric":{"model":"fraud"},"value":[1717416000,"NaN"]},
          {"metric":{},"value":[1717416000,"+Inf"]}]}}""");
    List<MetricSample> samples = client().query("model_accuracy or on() vector(1)");
    assertThat(samples).containsExactly(
        new MetricSample("model_accuracy", Map.of("model", "churn", "env", "prod"), 0.81, Instant.parse("2024-06-03T12:00:00.500Z")),
        new MetricSample("", Map.of("model", "fraud"), Double.NaN, Instant.parse("2024-06-03T12:00:00Z")),
        new MetricSample("", Map.of(), Double.POSITIVE_INFINITY, Instant.parse("2024-06-03T12:00:00Z")));
    assertThat(samples.get(0).series()).isEqualTo("model_accuracy{env=\"prod\",model=\"churn\"}");
    assertThat(queries).containsExactly("POST query=model_accuracy or on() vector(1)");
    assertThat(authorizations).containsExactly("Bearer s3cr3t");
  }

  @Test
  void anEmptyVectorIsAnEmptyListNotZero() {
    answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
    assertThat(client().query("absent_metric")).isEmpty();
  }

  @Test
  void rangeVectorsScalarsAndStringsAreRefusedWithAFix() {
    answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");
    assertThatThrownBy(() -> client().query("accuracy[5m]"))
        .isInstanceOf(MetricQueryException.class)
        .hasMessage("query 'accuracy[5m]' returned a range vector (matrix), but a trigger compares one value per series:"
            + " drop the range selector, or aggregate it over time, e.g. avg_over_time(accuracy[5m])");
    answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1717416000,\"1\"]}}");
    assertThatThrownBy(() -> client().query("scalar(up)"))
        .isInstanceOf(MetricQueryException.class)
        .hasMessageContaining("returned a scalar, which has no series: compare a vector instead, e.g. vector(scalar(up))");
    answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1717416000,\"a\"]}}");
    assertThatThrownBy(() -> client().query("\"a\"")).hasMessageContaining("a trigger needs an instant vector");
  }

  @Test
  void aQueryPrometheusRejectsIsAQueryErrorWithItsMessage() {
    answer(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:9: parse error: unexpected end of input\"}");
    assertThatThrownBy(() -> client().query("rate(x[5m]"))
        .isInstanceOf(MetricQueryException.class)
        .hasMessage("Prometheus refused query 'rate(x[5m]': bad_data: 1:9: parse error: unexpected end of input");
    answer(422, "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"many-to-many matching not allowed\"}");
    assertThatThrownBy(() -> client().query("a / b")).isInstanceOf(MetricQueryException.class);
  }

  @Test
  void serverErrorsNonApiAnswersAndUnreachableServersAreUnavailable() {
    answer(503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"TSDB not ready\"}");
    assertThatThrownBy(() -> client().query("up"))
        .isInstanceOf(MetricSourceUnavailableException.class)
        .hasMessageEndingWith("answered 503 to query 'up': unavailable: TSDB not ready");
    answer(502, "<html><body>Bad Gateway</body></html>");
    assertThatThrownBy(() -> client().query("up"))
        .isInstanceOf(MetricSourceUnavailableException.class)
        .hasMessageContaining("answered 502 with a body that is not an API answer (a proxy in between?): <html><body>Bad Gateway");
    int port = server.getAddress().getPort();
    server.stop(0);
    PrometheusClient gone = PrometheusClient.builder(URI.create("http://127.0.0.1:" + port)).build();
    assertThatThrownBy(() -> gone.query("up"))
        .isInstanceOf(MetricSourceUnavailableException.class)
        .hasMessageStartingWith("Prometheus at http://127.0.0.1:" + port + " is unreachable: java.net.ConnectException");
  }

  @Test
  void badConfigurationIsRefusedAtOnce() {
    assertThatThrownBy(() -> PrometheusClient.builder(URI.create("ftp://prom")))
        .hasMessage("Prometheus URI 'ftp://prom' must be http:// or https://, e.g. http://localhost:9090");
    assertThatThrownBy(() -> client().query(" ")).isInstanceOf(MetricQueryException.class).hasMessageContaining("empty");
  }
}
