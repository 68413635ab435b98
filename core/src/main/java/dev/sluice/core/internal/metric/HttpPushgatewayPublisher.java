package dev.sluice.core.internal.metric;

import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.metric.PushgatewayPublisher;
import dev.sluice.core.metric.RecordedMetrics;
import dev.sluice.core.metric.RecordedSample;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link PushgatewayPublisher} over the JDK HTTP client: one {@code PUT} per run, retried. */
public final class HttpPushgatewayPublisher implements PushgatewayPublisher {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.metrics");

  private final URI gateway;
  private final RecordedMetrics metrics;
  private final String job;
  private final Duration timeout;
  private final Retry retry;
  private final HttpClient http;
  private final ScheduledExecutorService timer;

  public HttpPushgatewayPublisher(URI gateway, RecordedMetrics metrics, String job, Duration timeout, int maxAttempts) {
    String base = gateway.toString();
    this.gateway = URI.create(base.endsWith("/") ? base : base + "/");
    this.metrics = metrics;
    this.job = job;
    this.timeout = timeout;
    this.retry =
        Retry.of(
            "pushgateway",
            RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(500), 2))
                .build());
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-pushgateway");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void runFinished(RunEvent.RunFinished event) {
    publish(event.runId(), event.workflowName())
        .whenComplete(
            (count, failure) -> {
              if (failure != null) {
                log.warn("pushing the metrics of run {} to {} failed: {}", event.runId(), gateway, failure.toString());
              } else if (count > 0) {
                log.debug("pushed {} series of run {} to {}", count, event.runId(), gateway);
              }
            });
  }

  @Override
  public CompletableFuture<Integer> publish(String runId, String workflowName) {
    Map<String, RecordedSample> latest = new TreeMap<>();
    try {
      for (RecordedSample r : metrics.ofRun(runId)) {
        latest.put(seriesKey(r), r); // oldest first: the last one wins
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (latest.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    String body = exposition(latest);
    URI uri = gateway.resolve("metrics/job@base64/" + base64(job != null ? job : workflowName));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "text/plain; version=0.0.4")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build();
    CompletionStage<Integer> pushed =
        retry.executeCompletionStage(
            timer,
            () -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(
                    response -> {
                      if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException(
                            "Pushgateway " + uri + " answered " + response.statusCode() + ": " + response.body().strip());
                      }
                      return latest.size();
                    }));
    return pushed.toCompletableFuture();
  }

  private static String seriesKey(RecordedSample r) {
    return r.sample().name() + labels(r);
  }

  private static Map<String, String> labels(RecordedSample r) {
    Map<String, String> labels = new TreeMap<>(r.sample().labels());
    labels.putIfAbsent("node", r.nodePath());
    return labels;
  }

  /** Prometheus' text format: one gauge line per series, grouped by metric name. */
  static String exposition(Map<String, RecordedSample> series) {
    Map<String, StringBuilder> byName = new LinkedHashMap<>();
    for (RecordedSample r : series.values()) {
      StringBuilder lines =
          byName.computeIfAbsent(r.sample().name(), n -> new StringBuilder("# TYPE " + n + " gauge\n"));
      lines.append(r.sample().name()).append('{');
      String sep = "";
      for (Map.Entry<String, String> l : labels(r).entrySet()) {
        lines.append(sep).append(l.getKey()).append("=\"").append(MetricNames.escape(l.getValue())).append('"');
        sep = ",";
      }
      lines.append("} ").append(r.sample().value()).append('\n');
    }
    StringBuilder all = new StringBuilder();
    byName.values().forEach(all::append);
    return all.toString();
  }

  private static String base64(String value) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  @Override
  public String toString() {
    return "Pushgateway publisher to " + gateway;
  }
}
