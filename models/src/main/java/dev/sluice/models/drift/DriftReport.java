package dev.sluice.models.drift;

import dev.sluice.core.model.TaskMetrics;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What {@link DriftCheck#compare} found, one entry per feature in the check's order.
 *
 * @param features every checked feature's drift
 */
public record DriftReport(List<FeatureDrift> features) {

  /** The metric every feature's PSI is recorded as, labelled {@code feature}. */
  public static final String PSI_METRIC = "drift_psi";

  /** The metric every numeric feature's Kolmogorov–Smirnov statistic is recorded as. */
  public static final String KS_STATISTIC_METRIC = "drift_ks_statistic";

  /** The metric every numeric feature's Kolmogorov–Smirnov p-value is recorded as. */
  public static final String KS_P_VALUE_METRIC = "drift_ks_p_value";

  public DriftReport {
    features = List.copyOf(features);
  }

  /** One feature's drift. */
  public FeatureDrift feature(String name) {
    return features.stream()
        .filter(f -> f.feature().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no feature '" + name + "' in this report"));
  }

  /** The feature whose PSI is highest. */
  public FeatureDrift worst() {
    return features.stream().max(Comparator.comparingDouble(f -> f.psi().value())).orElseThrow();
  }

  /**
   * Records every feature's PSI and, for numeric features, the Kolmogorov–Smirnov statistic and
   * p-value, each labelled with the feature, e.g. from a task body: {@code
   * report.recordTo(TaskContext.current().metrics())}. They are stored with the run and can be
   * read by a metric trigger.
   */
  public void recordTo(TaskMetrics metrics) {
    for (FeatureDrift f : features) {
      Map<String, String> labels = Map.of("feature", f.feature());
      metrics.record(PSI_METRIC, f.psi().value(), labels);
      f.ks().ifPresent(ks -> {
        metrics.record(KS_STATISTIC_METRIC, ks.statistic(), labels);
        metrics.record(KS_P_VALUE_METRIC, ks.pValue(), labels);
      });
    }
  }

  /** A text table: feature, kind, PSI, KS statistic and p-value. */
  public String toTable() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-20s %-11s %8s %8s %10s%n",
        "FEATURE", "KIND", "PSI", "KS", "P-VALUE"));
    for (FeatureDrift f : features) {
      sb.append(String.format(Locale.ROOT, "%-20s %-11s %8.4f %8s %10s%n", f.feature(),
          f.kind().name().toLowerCase(Locale.ROOT), f.psi().value(),
          f.ks().map(k -> String.format(Locale.ROOT, "%.4f", k.statistic())).orElse("-"),
          f.ks().map(k -> String.format(Locale.ROOT, "%.3g", k.pValue())).orElse("-")));
    }
    return sb.toString();
  }
}
