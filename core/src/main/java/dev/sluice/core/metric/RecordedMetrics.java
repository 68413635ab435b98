package dev.sluice.core.metric;

import dev.sluice.core.internal.metric.StoreRecordedMetrics;
import dev.sluice.core.internal.metric.StoreTaskMetrics;
import dev.sluice.core.model.TaskContext;
import dev.sluice.core.model.TaskMetrics;
import dev.sluice.core.spi.ArtifactStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The metrics tasks recorded in an engine's store, queried by name, labels and time window: the
 * closed loop without Prometheus. Each sample is stored twice: with its run ({@code
 * runs/<run>/metrics/…}) and in a time index ({@code metrics/<name>/<yyyy-MM-dd>/…}, UTC days) that
 * queries read.
 *
 * <pre>{@code
 * RecordedMetrics recorded = RecordedMetrics.in(engine.store());
 * List<RecordedSample> lastHour =
 *     recorded.query("accuracy", Map.of("model", "iris"), now.minus(Duration.ofHours(1)), now);
 * }</pre>
 */
public interface RecordedMetrics {

  /** The metrics recorded in {@code store} (usually {@code engine.store()}). */
  static RecordedMetrics in(ArtifactStore store) {
    return new StoreRecordedMetrics(store);
  }

  /**
   * A recorder that stores an attempt's samples in {@code store}, stamped by {@code clock}. The
   * engine gives every attempt one; a task runner that runs bodies outside the engine builds its
   * own with this (and binds the context with {@link TaskContext#callWith}).
   */
  static TaskMetrics recorder(ArtifactStore store, Clock clock, TaskContext context) {
    return new StoreTaskMetrics(store, clock, context);
  }

  /**
   * Samples of {@code name} whose labels include every entry of {@code labels}, measured in {@code
   * [from, to)}, oldest first.
   */
  List<RecordedSample> query(String name, Map<String, String> labels, Instant from, Instant to);

  /** Every sample one run recorded, oldest first. */
  List<RecordedSample> ofRun(String runId);
}
