package dev.sluice.micrometer;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.TaskInterceptor;
import dev.sluice.core.trigger.TriggerEvaluation;
import dev.sluice.micrometer.internal.EngineMeters;
import dev.sluice.micrometer.internal.MeteredArtifactStore;
import dev.sluice.micrometer.internal.TriggerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Sluice's engine metrics on a Micrometer {@link MeterRegistry}. One instance per registry; give
 * its parts to the engine, its store and its trigger service:
 *
 * <pre>{@code
 * SluiceMetrics metrics = SluiceMetrics.of(registry);
 * try (Engine engine = metrics.instrument(Engine.builder())
 *         .store(metrics.meter(ArtifactStores.filesystem(dir)))
 *         .build()) {
 *   TriggerService triggers = TriggerService.builder(engine).listener(metrics.triggerListener())...
 * }
 * }</pre>
 *
 * <p>Meter names are lower-case and dot-separated, as Micrometer recommends (Prometheus shows
 * {@code sluice.runs.started} as {@code sluice_runs_started_total}); tags take bounded values only
 * (workflow, task, executor, state names, never run ids). The list is in {@code docs/observability.md}.
 */
public final class SluiceMetrics {
  private final MeterRegistry registry;
  private final EngineMeters engine;
  private final TriggerMeters triggers;

  private SluiceMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.engine = new EngineMeters(registry);
    this.triggers = new TriggerMeters(registry);
  }

  /** Metrics recorded in {@code registry}. */
  public static SluiceMetrics of(MeterRegistry registry) {
    return new SluiceMetrics(Objects.requireNonNull(registry, "registry"));
  }

  /** The registry the meters are in. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Adds {@link #listener()} and {@link #interceptor()} to {@code builder}; returns it. */
  public Engine.Builder instrument(Engine.Builder builder) {
    return builder.listener(engine).interceptor(engine);
  }

  /** Runs, nodes, queue wait, executor gauges, cache hits, remote submissions, late runs, gates. */
  public RunListener listener() {
    return engine;
  }

  /** Attempt durations by task, executor and outcome; cache misses. */
  public TaskInterceptor interceptor() {
    return engine;
  }

  /** {@code store} with its operations timed and counted ({@code sluice.store.*}). */
  public ArtifactStore meter(ArtifactStore store) {
    return new MeteredArtifactStore(Objects.requireNonNull(store, "store"), registry);
  }

  /** For {@code TriggerService.Builder.listener}: evaluations by trigger and decision, firings. */
  public Consumer<TriggerEvaluation> triggerListener() {
    return triggers;
  }
}
