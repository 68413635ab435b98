package dev.sluice.models.drift;

import java.util.List;

/**
 * A population stability index and the bins it summed.
 *
 * <p>The usual reading: below 0.1 no significant shift, 0.1 to 0.25 a moderate shift worth a look,
 * above 0.25 a major shift (retrain).
 *
 * @param value the index, the sum of the bins' contributions
 * @param bins the bins in order (numeric: ascending bounds; categories: reference's first, then new
 *     ones, each in sorted order)
 */
public record PsiResult(double value, List<PsiBin> bins) {
  public PsiResult {
    bins = List.copyOf(bins);
  }
}
