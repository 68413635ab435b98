package dev.sluice.models.drift;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which features to compare and how: numeric ones by PSI over quantile bins and the
 * Kolmogorov–Smirnov test, categorical ones by PSI over categories.
 *
 * <pre>{@code
 * DriftCheck check = DriftCheck.builder().numeric("bitrate", "rebuffer_ratio").categorical("device").build();
 * DriftReport report = check.compare(trainingWindow, lastHour);
 * report.recordTo(TaskContext.current().metrics());
 * }</pre>
 */
public final class DriftCheck {
  private final List<String> numeric;
  private final List<String> categorical;
  private final int bins;

  private DriftCheck(Builder b) {
    this.numeric = List.copyOf(b.numeric);
    this.categorical = List.copyOf(b.categorical);
    this.bins = b.bins;
  }

  /** A builder; at least one feature must be named. */
  public static Builder builder() {
    return new Builder();
  }

  /** The numeric features compared. */
  public List<String> numericFeatures() {
    return numeric;
  }

  /** The categorical features compared. */
  public List<String> categoricalFeatures() {
    return categorical;
  }

  /**
   * Compares every feature of {@code current} with {@code reference}.
   *
   * @throws IllegalArgumentException naming the feature and the window when a window lacks a
   *     feature or a feature's values cannot be compared (empty, NaN, null)
   */
  public DriftReport compare(FeatureWindow reference, FeatureWindow current) {
    List<FeatureDrift> result = new ArrayList<>(numeric.size() + categorical.size());
    for (String f : numeric) {
      double[] ref = need(reference.numeric(f), "reference", "numeric", f, reference.numericFeatures());
      double[] cur = need(current.numeric(f), "current", "numeric", f, current.numericFeatures());
      try {
        result.add(new FeatureDrift(f, FeatureDrift.Kind.NUMERIC, PopulationStability.numeric(ref, cur, bins),
            Optional.of(KolmogorovSmirnov.twoSample(ref, cur))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("feature '" + f + "': " + e.getMessage(), e);
      }
    }
    for (String f : categorical) {
      List<String> ref = need(reference.categorical(f), "reference", "categorical", f, reference.categoricalFeatures());
      List<String> cur = need(current.categorical(f), "current", "categorical", f, current.categoricalFeatures());
      try {
        result.add(new FeatureDrift(f, FeatureDrift.Kind.CATEGORICAL, PopulationStability.categorical(ref, cur),
            Optional.empty()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("feature '" + f + "': " + e.getMessage(), e);
      }
    }
    return new DriftReport(result);
  }

  private static <T> T need(Optional<T> values, String window, String kind, String feature, List<String> has) {
    return values.orElseThrow(() -> new IllegalArgumentException(
        "the " + window + " window has no " + kind + " feature '" + feature + "' (it has " + has
            + "); add it with FeatureWindow.builder()." + kind + "(\"" + feature + "\", …)"));
  }

  /** Names the features; mutable, not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final Set<String> numeric = new LinkedHashSet<>();
    private final Set<String> categorical = new LinkedHashSet<>();
    private int bins = PopulationStability.DEFAULT_BINS;

    private Builder() {}

    /** Numeric features: PSI over quantile bins and the Kolmogorov–Smirnov test. */
    public Builder numeric(String... features) {
      numeric.addAll(List.of(features));
      return this;
    }

    /** Categorical features: PSI over categories. */
    public Builder categorical(String... features) {
      categorical.addAll(List.of(features));
      return this;
    }

    /** How many quantile bins numeric PSI uses (default 10, at least 2). */
    public Builder bins(int bins) {
      if (bins < 2) {
        throw new IllegalArgumentException("bins is " + bins + "; a PSI needs at least 2 bins");
      }
      this.bins = bins;
      return this;
    }

    /**
     * The check.
     *
     * @throws IllegalStateException when no feature was named, or one was named both numeric and
     *     categorical
     */
    public DriftCheck build() {
      if (numeric.isEmpty() && categorical.isEmpty()) {
        throw new IllegalStateException("a drift check needs at least one feature: call numeric(..) or categorical(..)");
      }
      Set<String> both = new LinkedHashSet<>(numeric);
      both.retainAll(categorical);
      if (!both.isEmpty()) {
        throw new IllegalStateException("features " + both + " are named both numeric and categorical; pick one");
      }
      return new DriftCheck(this);
    }
  }
}
