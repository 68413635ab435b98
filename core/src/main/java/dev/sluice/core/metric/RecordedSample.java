package dev.sluice.core.metric;

import dev.sluice.core.spi.MetricSample;
import java.util.Objects;

/**
 * A sample a task recorded through {@code TaskContext.metrics()}, with the attempt that recorded
 * it.
 *
 * @param sample the name, labels, value and time
 * @param runId the run the task belonged to
 * @param workflowName the run's workflow
 * @param nodePath the node that recorded it, e.g. {@code evaluate}
 * @param attempt the attempt number (1 for the first)
 */
public record RecordedSample(
    MetricSample sample, String runId, String workflowName, String nodePath, int attempt) {
  public RecordedSample {
    Objects.requireNonNull(sample, "sample");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(workflowName, "workflowName");
    Objects.requireNonNull(nodePath, "nodePath");
  }
}
