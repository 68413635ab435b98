package dev.sluice.core.metric;

import dev.sluice.core.internal.metric.HttpPrometheusClient;
import dev.sluice.core.spi.MetricQueryException;
import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.spi.MetricSourceUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Instant queries against Prometheus' HTTP API ({@code POST /api/v1/query}) over the JDK's HTTP
 * client. Use it for a metric trigger through {@link MetricSources#prometheus}.
 *
 * <pre>{@code
 * PrometheusClient prometheus = PrometheusClient.builder(URI.create("http://prometheus:9090")).build();
 * List<MetricSample> series = prometheus.query("avg by (model) (model_accuracy)");
 * }</pre>
 *
 * <p>Only instant vectors are accepted: one sample per series, with its labels. An empty vector is
 * an empty list (no data), never zero. A range vector (matrix), scalar or string result is refused
 * with a {@link MetricQueryException} that says how to rewrite the query, as is a query Prometheus
 * rejects ({@code bad_data}, {@code execution}). An unreachable server, a timeout or a 5xx answer is
 * a {@link MetricSourceUnavailableException}. The queries run at Prometheus' own "now".
 */
public interface PrometheusClient {

  /** A builder for the server at {@code baseUri}, e.g. {@code http://localhost:9090/}. */
  static Builder builder(URI baseUri) {
    return new Builder(baseUri);
  }

  /** The server's base URI. */
  URI baseUri();

  /** Runs {@code promql} as an instant query: one sample per series of the resulting vector. */
  List<MetricSample> query(String promql);

  /** Options of a {@link PrometheusClient}; mutable, frozen by {@link #build()}. */
  final class Builder {
    private final URI baseUri;
    private Duration timeout = Duration.ofSeconds(10);
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder(URI baseUri) {
      Objects.requireNonNull(baseUri, "baseUri");
      if (!"http".equals(baseUri.getScheme()) && !"https".equals(baseUri.getScheme())) {
        throw new IllegalArgumentException(
            "Prometheus URI '" + baseUri + "' must be http:// or https://, e.g. http://localhost:9090");
      }
      this.baseUri = baseUri;
    }

    /** Longest wait for an answer, connecting included (default 10 s). */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("Prometheus timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** A header sent with every query, e.g. {@code Authorization} (never logged). */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public PrometheusClient build() {
      return new HttpPrometheusClient(baseUri, timeout, Map.copyOf(headers));
    }
  }
}
