package dev.sluice.core.internal.metric;

import dev.sluice.core.metric.RecordedSample;
import dev.sluice.core.model.TaskContext;
import dev.sluice.core.model.TaskMetrics;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.spi.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores an attempt's samples twice: with the run ({@code runs/<run>/metrics/…}) and in the time
 * index queries read ({@code metrics/<name>/<day>/<millis>-<attempt>-<random>.json}). A store
 * failure loses the sample with a warning; it never fails the task that recorded it.
 */
public final class StoreTaskMetrics implements TaskMetrics {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.metrics");
  private final ArtifactStore store;
  private final Clock clock;
  private final TaskContext context;

  public StoreTaskMetrics(ArtifactStore store, Clock clock, TaskContext context) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.context = Objects.requireNonNull(context, "context");
  }

  @Override
  public void record(String name, double value, Map<String, String> labels) {
    MetricNames.checkName(name);
    MetricNames.checkLabels(Objects.requireNonNull(labels, "labels"));
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "metric '" + name + "' got " + value + "; only finite values are recorded (a missing"
              + " measurement is no record at all)");
    }
    Instant now = clock.instant();
    RecordedSample recorded =
        new RecordedSample(
            new MetricSample(name, labels, value, now),
            context.runId(),
            context.workflowName(),
            context.nodePath(),
            context.attempt());
    byte[] json = SampleJson.write(recorded);
    String unique =
        StoreRecordedMetrics.stamp(now) + "-" + context.attemptName() + "-"
            + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    try {
      store.put("runs/" + context.runId() + "/metrics/" + unique + "-" + name + ".json", json);
      store.put(StoreRecordedMetrics.dayPrefix(name, now) + unique + ".json", json);
    } catch (StoreException e) {
      // the store's own failure, not the task's: the task goes on, the sample is lost and said so
      log.warn("metric '{}' = {} of attempt {} was not recorded: the store failed: {}",
          name, value, context.attemptName(), e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "metrics of " + context.attemptName() + " in " + store.root();
  }
}
