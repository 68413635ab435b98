package dev.sluice.core.metric;

import dev.sluice.core.engine.RunListener;
import dev.sluice.core.internal.metric.HttpPushgatewayPublisher;
import dev.sluice.core.spi.ArtifactStore;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes the metrics a run's tasks recorded to a Prometheus Pushgateway when the run ends, so
 * Prometheus (and its alerts and dashboards) sees them too. Register it as a listener of the engine
 * whose store it reads:
 *
 * <pre>{@code
 * ArtifactStore store = ArtifactStores.filesystem(dir);
 * try (PushgatewayPublisher push = PushgatewayPublisher.builder(URI.create("http://pushgateway:9091"), store).build();
 *     Engine engine = Engine.builder().store(store).listener(push).build()) { ... }
 * }</pre>
 *
 * <p>Each run replaces the group {@code job=<job>} (default: the workflow's name) with the latest
 * value of each recorded series, as gauges labelled with the recorded labels plus {@code node}. A
 * push is retried (it is idempotent); one that still fails is logged, never thrown at the engine.
 */
public interface PushgatewayPublisher extends RunListener, AutoCloseable {

  /** A builder for the Pushgateway at {@code gateway} publishing what is recorded in {@code store}. */
  static Builder builder(URI gateway, ArtifactStore store) {
    return new Builder(gateway, store);
  }

  /**
   * Pushes the metrics {@code runId} recorded to the group of {@code workflowName}; completes
   * with the number of series pushed (0: nothing recorded, nothing sent), or exceptionally once the
   * retries are spent.
   */
  CompletableFuture<Integer> publish(String runId, String workflowName);

  /** Stops the retry timer; pushes in progress are abandoned. */
  @Override
  void close();

  /** Options of a {@link PushgatewayPublisher}; mutable, frozen by {@link #build()}. */
  final class Builder {
    private final URI gateway;
    private final ArtifactStore store;
    private String job;
    private Duration timeout = Duration.ofSeconds(10);
    private int maxAttempts = 3;

    private Builder(URI gateway, ArtifactStore store) {
      this.gateway = Objects.requireNonNull(gateway, "gateway");
      this.store = Objects.requireNonNull(store, "store");
    }

    /** The {@code job} grouping label for every run (default: the run's workflow name). */
    public Builder job(String job) {
      this.job = Objects.requireNonNull(job, "job");
      return this;
    }

    /** Longest wait for one push (default 10 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Pushes per run, at least 1 (default 3). */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    public PushgatewayPublisher build() {
      return new HttpPushgatewayPublisher(gateway, RecordedMetrics.in(store), job, timeout, maxAttempts);
    }
  }
}
