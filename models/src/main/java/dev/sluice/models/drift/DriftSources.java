package dev.sluice.models.drift;

import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.spi.MetricSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Drift as a {@link MetricSource}, so that a metric trigger can launch a retrain when drift rises:
 *
 * <pre>{@code
 * MetricSource drift = DriftSources.maxPsi("qoe-drift", check, now -> trainingWindow, now -> store.lastHour(now));
 * TriggerCondition.above(drift, 0.25).sustainedFor(Duration.ofMinutes(10));
 * }</pre>
 *
 * Each read computes the check over the windows the functions return for the trigger service's
 * {@code now}; a function that throws makes the source unavailable for that evaluation (the
 * trigger service retries, then records it as unknown — never as "no drift").
 */
public final class DriftSources {
  private DriftSources() {}

  /**
   * One series, {@code drift_psi{feature="<worst>"}}: the highest PSI of any checked feature.
   *
   * @param name the source's name in the trigger's history
   * @param check the features to compare
   * @param reference the reference window for a time
   * @param current the current window for a time
   */
  public static MetricSource maxPsi(String name, DriftCheck check,
      Function<Instant, FeatureWindow> reference, Function<Instant, FeatureWindow> current) {
    return source(name, now -> {
      FeatureDrift worst = check.compare(reference.apply(now), current.apply(now)).worst();
      return sample(worst, now);
    });
  }

  /** One series, {@code drift_psi{feature="<feature>"}}: one feature's PSI. */
  public static MetricSource psi(String name, DriftCheck check, String feature,
      Function<Instant, FeatureWindow> reference, Function<Instant, FeatureWindow> current) {
    Objects.requireNonNull(feature, "feature");
    if (!check.numericFeatures().contains(feature) && !check.categoricalFeatures().contains(feature)) {
      throw new IllegalArgumentException("the drift check does not compare feature '" + feature + "'; it compares "
          + check.numericFeatures() + " and " + check.categoricalFeatures());
    }
    return source(name, now -> sample(check.compare(reference.apply(now), current.apply(now)).feature(feature), now));
  }

  private static MetricSample sample(FeatureDrift drift, Instant now) {
    return new MetricSample(DriftReport.PSI_METRIC, Map.of("feature", drift.feature()), drift.psi().value(), now);
  }

  private static MetricSource source(String name, Function<Instant, MetricSample> read) {
    Objects.requireNonNull(name, "name");
    return new MetricSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<MetricSample> read(Instant now) {
        return List.of(read.apply(now));
      }
    };
  }
}
