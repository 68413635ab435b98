package dev.sluice.core.internal.metric;

import dev.sluice.core.metric.Aggregation;
import dev.sluice.core.metric.RecordedMetrics;
import dev.sluice.core.metric.RecordedSample;
import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.spi.MetricSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Recorded samples in a trailing window, one aggregated sample per label set. */
public final class RecordedSource implements MetricSource {
  private final RecordedMetrics metrics;
  private final String metric;
  private final Map<String, String> labels;
  private final Duration window;
  private final Aggregation aggregation;

  public RecordedSource(
      RecordedMetrics metrics,
      String metric,
      Map<String, String> labels,
      Duration window,
      Aggregation aggregation) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.metric = MetricNames.checkName(metric);
    this.labels = Map.copyOf(MetricNames.checkLabels(labels));
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the window of recorded metric '" + metric + "' must be positive, got " + window);
    }
    this.window = window;
    this.aggregation = Objects.requireNonNull(aggregation, "aggregation");
  }

  @Override
  public String name() {
    return metric;
  }

  @Override
  public List<MetricSample> read(Instant now) {
    Map<Map<String, String>, List<MetricSample>> bySeries = new LinkedHashMap<>();
    // The window includes "now": a sample recorded at the instant of the evaluation counts.
    for (RecordedSample r : metrics.query(metric, labels, now.minus(window), now.plusNanos(1))) {
      bySeries.computeIfAbsent(r.sample().labels(), k -> new ArrayList<>()).add(r.sample());
    }
    List<MetricSample> result = new ArrayList<>(bySeries.size());
    bySeries.forEach((series, samples) -> result.add(aggregate(series, samples)));
    return result;
  }

  private MetricSample aggregate(Map<String, String> series, List<MetricSample> samples) {
    MetricSample latest = samples.get(samples.size() - 1);
    double value;
    switch (aggregation) {
      case MEAN:
        value = samples.stream().mapToDouble(MetricSample::value).average().orElseThrow();
        break;
      case MIN:
        value = samples.stream().mapToDouble(MetricSample::value).min().orElseThrow();
        break;
      case MAX:
        value = samples.stream().mapToDouble(MetricSample::value).max().orElseThrow();
        break;
      default:
        value = latest.value();
    }
    return new MetricSample(metric, series, value, latest.time());
  }

  @Override
  public String toString() {
    return aggregation.name().toLowerCase(Locale.ROOT) + " of recorded '" + metric + "'"
        + (labels.isEmpty() ? "" : labels.toString()) + " over " + window;
  }
}
