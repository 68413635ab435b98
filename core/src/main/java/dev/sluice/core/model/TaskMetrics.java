package dev.sluice.core.model;

import java.util.Map;

/**
 * Records metrics of one task attempt, e.g. the accuracy an evaluation task measured. Each record
 * is a sample (name, labels, value, time) stored with the run and queryable by name, labels and
 * time window (see {@code dev.sluice.core.metric.RecordedMetrics}), so a metric trigger can react
 * to it without Prometheus.
 *
 * <p>Names follow Prometheus' rules ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}), label names too ({@code
 * [a-zA-Z_][a-zA-Z0-9_]*}, not starting with {@code __}), so the same samples can be published to
 * a Pushgateway. A bad name, a NaN or infinite value, or a store that cannot be written fails the
 * call (and so the attempt, unless the body catches it).
 */
public interface TaskMetrics {

  /** Records {@code value} under {@code name} with {@code labels}, stamped with the engine's clock. */
  void record(String name, double value, Map<String, String> labels);

  /** Records {@code value} under {@code name} without labels. */
  default void record(String name, double value) {
    record(name, value, Map.of());
  }

  /** A recorder that refuses every record with {@code why} (for contexts that cannot store). */
  static TaskMetrics refusing(String why) {
    return (name, value, labels) -> {
      throw new UnsupportedOperationException(
          "cannot record metric '" + name + "': " + why
              + "; record metrics from a task body run by a Sluice engine (TaskContext.current())");
    };
  }
}
