package dev.sluice.models.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The values of named features over one window of time (a reference window: what the model was
 * trained on; a current window: what it serves now). Built with {@link #builder()}; immutable.
 */
public final class FeatureWindow {
  private final Map<String, double[]> numeric;
  private final Map<String, List<String>> categorical;

  private FeatureWindow(Builder b) {
    this.numeric = Collections.unmodifiableMap(new LinkedHashMap<>(b.numeric));
    this.categorical = Collections.unmodifiableMap(new LinkedHashMap<>(b.categorical));
  }

  /** A builder of a window, feature by feature. */
  public static Builder builder() {
    return new Builder();
  }

  /** The values of a numeric feature (a copy), if the window has it. */
  public Optional<double[]> numeric(String feature) {
    return Optional.ofNullable(numeric.get(feature)).map(double[]::clone);
  }

  /** The values of a categorical feature, if the window has it. */
  public Optional<List<String>> categorical(String feature) {
    return Optional.ofNullable(categorical.get(feature));
  }

  /** Names of the numeric features, in the order they were added. */
  public List<String> numericFeatures() {
    return List.copyOf(numeric.keySet());
  }

  /** Names of the categorical features, in the order they were added. */
  public List<String> categoricalFeatures() {
    return List.copyOf(categorical.keySet());
  }

  /** Collects a window's features; mutable, not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final Map<String, double[]> numeric = new LinkedHashMap<>();
    private final Map<String, List<String>> categorical = new LinkedHashMap<>();

    private Builder() {}

    /** Adds a numeric feature's values (copied). */
    public Builder numeric(String feature, double[] values) {
      checkNew(feature);
      numeric.put(feature, Objects.requireNonNull(values, feature).clone());
      return this;
    }

    /** Adds a categorical feature's values (copied; null values are refused by the statistics). */
    public Builder categorical(String feature, List<String> values) {
      checkNew(feature);
      categorical.put(feature, Collections.unmodifiableList(new java.util.ArrayList<>(values)));
      return this;
    }

    private void checkNew(String feature) {
      Objects.requireNonNull(feature, "feature");
      if (numeric.containsKey(feature) || categorical.containsKey(feature)) {
        throw new IllegalArgumentException("feature '" + feature + "' was added twice to this window");
      }
    }

    /** The immutable window. */
    public FeatureWindow build() {
      return new FeatureWindow(this);
    }
  }
}
