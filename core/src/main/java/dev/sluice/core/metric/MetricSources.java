package dev.sluice.core.metric;

import dev.sluice.core.internal.metric.FunctionSource;
import dev.sluice.core.internal.metric.PrometheusSource;
import dev.sluice.core.internal.metric.RecordedSource;
import dev.sluice.core.spi.MetricSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The built-in {@link MetricSource}s: a PromQL query, the metrics tasks recorded, a user
 * function. Each is one query; a metric trigger's conditions name the sources they compare.
 */
public final class MetricSources {
  private MetricSources() {}

  /**
   * The instant vector {@code promql} returns, one sample per series.
   *
   * @param name short name for reasons and history, e.g. {@code accuracy}
   */
  public static MetricSource prometheus(PrometheusClient client, String name, String promql) {
    return new PrometheusSource(client, name, promql);
  }

  /**
   * Samples of the metric {@code metric} that tasks recorded in the last {@code window}, whose labels
   * include {@code labels}, reduced to one value per series (label set) by {@code aggregation}.
   * No sample in the window means no data.
   */
  public static MetricSource recorded(
      RecordedMetrics metrics,
      String metric,
      Map<String, String> labels,
      Duration window,
      Aggregation aggregation) {
    return new RecordedSource(metrics, metric, labels, window, aggregation);
  }

  /** The latest value of {@code metric} recorded in the last {@code window}, whatever its labels. */
  public static MetricSource recorded(RecordedMetrics metrics, String metric, Duration window) {
    return recorded(metrics, metric, Map.of(), window, Aggregation.LATEST);
  }

  /**
   * A value a function computes at the trigger service's "now"; an empty result is no data. The
   * function may throw: that is an unavailable source.
   */
  public static MetricSource function(String name, Function<Instant, OptionalDouble> read) {
    return new FunctionSource(name, read);
  }
}
