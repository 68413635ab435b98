package dev.sluice.core.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One value of one series, as a {@link MetricSource} read it: the metric's name, the labels that
 * identify the series, the value and when it was measured.
 *
 * @param name the metric's name, e.g. {@code accuracy} (may be empty for a PromQL expression whose
 *     result has no name, such as {@code avg(accuracy)})
 * @param labels the series' labels, sorted by name
 * @param value the value; never read from a missing series (an empty result stays empty)
 * @param time when the value was measured
 */
public record MetricSample(String name, Map<String, String> labels, double value, Instant time) {
  public MetricSample {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(time, "time");
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  /** {@code name{label="value",…}}, as Prometheus writes a series. */
  public String series() {
    if (labels.isEmpty()) {
      return name.isEmpty() ? "{}" : name;
    }
    StringBuilder sb = new StringBuilder(name).append('{');
    labels.forEach((k, v) -> sb.append(k).append("=\"").append(v).append("\","));
    sb.setCharAt(sb.length() - 1, '}');
    return sb.toString();
  }
}
