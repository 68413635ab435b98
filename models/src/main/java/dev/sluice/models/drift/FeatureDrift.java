package dev.sluice.models.drift;

import java.util.Optional;

/**
 * The drift of one feature between a reference and a current window.
 *
 * @param feature the feature's name
 * @param kind numeric or categorical
 * @param psi the population stability index and its bins
 * @param ks the Kolmogorov–Smirnov test (numeric features only)
 */
public record FeatureDrift(String feature, Kind kind, PsiResult psi, Optional<KsResult> ks) {

  /** Whether the feature is numeric or categorical. */
  public enum Kind {
    /** A numeric feature: PSI over quantile bins and a Kolmogorov–Smirnov test. */
    NUMERIC,
    /** A categorical feature: PSI over categories. */
    CATEGORICAL
  }
}
