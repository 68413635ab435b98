package dev.sluice.models.drift;

import java.util.Arrays;

/** Checks and order statistics shared by the drift statistics. */
final class Samples {
  private Samples() {}

  /** A sorted copy of {@code values}, refusing an empty sample and NaN or infinite values. */
  static double[] checkedSorted(String which, double[] values) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("the " + which + " sample is empty; drift needs values on both sides");
    }
    double[] sorted = values.clone();
    for (int i = 0; i < sorted.length; i++) {
      if (!Double.isFinite(sorted[i])) {
        throw new IllegalArgumentException(
            "the " + which + " sample holds " + sorted[i] + " at index " + i
                + "; drop or impute missing values before computing drift");
      }
    }
    Arrays.sort(sorted);
    return sorted;
  }

  /** The q-quantile of a sorted sample, interpolating linearly between order statistics. */
  static double quantile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    double fraction = position - below;
    return sorted[below] + fraction * (sorted[above] - sorted[below]);
  }
}
