package dev.sluice.core.internal.metric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.metric.PrometheusClient;
import dev.sluice.core.spi.MetricQueryException;
import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.spi.MetricSourceUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link PrometheusClient} over {@link HttpClient}: form-encoded POSTs, JSON answers. */
public final class HttpPrometheusClient implements PrometheusClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUri;
  private final URI queryUri;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final HttpClient http;

  public HttpPrometheusClient(URI baseUri, Duration timeout, Map<String, String> headers) {
    this.baseUri = baseUri;
    String base = baseUri.toString();
    this.queryUri = URI.create(base + (base.endsWith("/") ? "" : "/") + "api/v1/query");
    this.timeout = timeout;
    this.headers = headers;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public URI baseUri() {
    return baseUri;
  }

  @Override
  public List<MetricSample> query(String promql) {
    if (promql == null || promql.isBlank()) {
      throw new MetricQueryException("the PromQL query is empty; give an expression, e.g. 'up'");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(queryUri)
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new MetricSourceUnavailableException(
          "Prometheus at " + baseUri + " did not answer query '" + promql + "' within " + timeout, e);
    } catch (IOException e) {
      throw new MetricSourceUnavailableException(
          "Prometheus at " + baseUri + " is unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetricSourceUnavailableException("query '" + promql + "' was interrupted", e);
    }
    return parse(promql, response.statusCode(), response.body());
  }

  List<MetricSample> parse(String promql, int status, String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      root = null;
    }
    if (root == null || !root.has("status")) {
      throw new MetricSourceUnavailableException(
          "Prometheus at " + baseUri + " answered " + status + " with a body that is not an API"
              + " answer (a proxy in between?): " + abbreviate(body));
    }
    if (!"success".equals(root.path("status").asText())) {
      String error = root.path("errorType").asText("?") + ": " + root.path("error").asText("");
      if (status == 400 || status == 422) {
        throw new MetricQueryException("Prometheus refused query '" + promql + "': " + error);
      }
      throw new MetricSourceUnavailableException(
          "Prometheus at " + baseUri + " answered " + status + " to query '" + promql + "': " + error);
    }
    JsonNode data = root.path("data");
    String type = data.path("resultType").asText();
    if (!"vector".equals(type)) {
      throw new MetricQueryException(wrongType(promql, type));
    }
    List<MetricSample> samples = new ArrayList<>();
    for (JsonNode series : data.path("result")) {
      Map<String, String> labels = new LinkedHashMap<>();
      String name = "";
      for (Iterator<Map.Entry<String, JsonNode>> it = series.path("metric").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> label = it.next();
        if (label.getKey().equals("__name__")) {
          name = label.getValue().asText();
        } else {
          labels.put(label.getKey(), label.getValue().asText());
        }
      }
      JsonNode value = series.path("value");
      if (!value.isArray() || value.size() != 2) {
        throw new MetricSourceUnavailableException(
            "Prometheus at " + baseUri + " sent a series without [time, value]: " + abbreviate(series.toString()));
      }
      long micros = Math.round(value.get(0).asDouble() * 1_000_000);
      samples.add(new MetricSample(name, labels, number(value.get(1).asText()), Instant.EPOCH.plusNanos(micros * 1000)));
    }
    return samples;
  }

  private static String wrongType(String promql, String type) {
    switch (type) {
      case "matrix":
        return "query '" + promql + "' returned a range vector (matrix), but a trigger compares one"
            + " value per series: drop the range selector, or aggregate it over time, e.g."
            + " avg_over_time(" + promql + ")";
      case "scalar":
        return "query '" + promql + "' returned a scalar, which has no series: compare a vector"
            + " instead, e.g. vector(" + promql + ")";
      default:
        return "query '" + promql + "' returned a result of type '" + type + "'; a trigger needs an"
            + " instant vector (one value per series)";
    }
  }

  /** Prometheus writes special values as {@code NaN}, {@code +Inf} and {@code -Inf}. */
  private static double number(String text) {
    switch (text) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        return Double.parseDouble(text);
    }
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
  }

  @Override
  public String toString() {
    return "Prometheus at " + baseUri;
  }
}
