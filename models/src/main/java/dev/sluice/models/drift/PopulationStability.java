package dev.sluice.models.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The population stability index (PSI): {@code Σ (cᵢ − rᵢ) · ln(cᵢ / rᵢ)} over bins, where rᵢ and
 * cᵢ are the shares of the reference and of the current sample in bin i.
 *
 * <p>Numeric bins: the reference's quantiles at 1/k, 2/k, … (k−1)/k (linear interpolation between
 * order statistics, NumPy's default) are the inner edges; repeated edges are merged, so a feature
 * with few distinct values gets fewer bins. A value v falls in bin i when {@code edge[i−1] < v ≤
 * edge[i]}, the outer bins being open. Categories: one bin per category seen in either sample.
 * Shares of zero (an empty bin) are floored at {@link #MIN_SHARE} so that a bin seen on one side
 * only counts heavily but finitely.
 */
public final class PopulationStability {

  /** The share an empty bin counts as: 0.0001. */
  public static final double MIN_SHARE = 1e-4;

  /** The default number of numeric bins: 10 (deciles of the reference). */
  public static final int DEFAULT_BINS = 10;

  private PopulationStability() {}

  /** PSI over {@link #DEFAULT_BINS} bins. */
  public static PsiResult numeric(double[] reference, double[] current) {
    return numeric(reference, current, DEFAULT_BINS);
  }

  /**
   * PSI of a numeric feature over {@code bins} quantile bins of the reference.
   *
   * @throws IllegalArgumentException if a sample is empty, holds NaN or infinity, or {@code bins <
   *     2}
   */
  public static PsiResult numeric(double[] reference, double[] current, int bins) {
    if (bins < 2) {
      throw new IllegalArgumentException("bins is " + bins + "; a PSI needs at least 2 bins");
    }
    double[] ref = Samples.checkedSorted("reference", reference);
    double[] cur = Samples.checkedSorted("current", current);
    double[] edges = innerEdges(ref, bins);
    long[] refCounts = counts(ref, edges);
    long[] curCounts = counts(cur, edges);
    List<PsiBin> result = new ArrayList<>(edges.length + 1);
    for (int i = 0; i <= edges.length; i++) {
      String lower = i == 0 ? "-inf" : Double.toString(edges[i - 1]);
      String upper = i == edges.length ? "+inf" : Double.toString(edges[i]);
      String label = "(" + lower + ", " + upper + (i == edges.length ? ")" : "]");
      result.add(bin(label, refCounts[i] / (double) ref.length, curCounts[i] / (double) cur.length));
    }
    return sum(result);
  }

  /**
   * PSI of a categorical feature: one bin per category seen in either sample.
   *
   * @throws IllegalArgumentException if a sample is empty or holds null
   */
  public static PsiResult categorical(Collection<String> reference, Collection<String> current) {
    Map<String, Long> ref = tally("reference", reference);
    Map<String, Long> cur = tally("current", current);
    List<String> categories = new ArrayList<>(new TreeSet<>(ref.keySet()));
    TreeSet<String> added = new TreeSet<>(cur.keySet());
    added.removeAll(ref.keySet());
    categories.addAll(added);
    List<PsiBin> result = new ArrayList<>(categories.size());
    for (String category : categories) {
      result.add(
          bin(
              category,
              ref.getOrDefault(category, 0L) / (double) reference.size(),
              cur.getOrDefault(category, 0L) / (double) current.size()));
    }
    return sum(result);
  }

  private static PsiBin bin(String label, double reference, double current) {
    double r = Math.max(reference, MIN_SHARE);
    double c = Math.max(current, MIN_SHARE);
    return new PsiBin(label, reference, current, (c - r) * Math.log(c / r));
  }

  private static PsiResult sum(List<PsiBin> bins) {
    double value = 0;
    for (PsiBin bin : bins) {
      value += bin.contribution();
    }
    return new PsiResult(value, bins);
  }

  /** The distinct inner edges: quantiles at i/bins of the sorted reference, i = 1 … bins−1. */
  static double[] innerEdges(double[] sorted, int bins) {
    double[] edges = new double[bins - 1];
    int n = 0;
    for (int i = 1; i < bins; i++) {
      double q = Samples.quantile(sorted, i / (double) bins);
      if (n == 0 || q > edges[n - 1]) {
        edges[n++] = q;
      }
    }
    return Arrays.copyOf(edges, n);
  }

  /** Counts per bin; bin i holds v with edges[i−1] < v ≤ edges[i]. */
  private static long[] counts(double[] sorted, double[] edges) {
    long[] counts = new long[edges.length + 1];
    int bin = 0;
    for (double v : sorted) {
      while (bin < edges.length && v > edges[bin]) {
        bin++;
      }
      counts[bin]++;
    }
    return counts;
  }

  private static Map<String, Long> tally(String which, Collection<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("the " + which + " sample is empty; a PSI needs values on both sides");
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String v : values) {
      if (v == null) {
        throw new IllegalArgumentException(
            "the " + which + " sample holds null; map missing values to a category of their own (e.g. \"<missing>\")");
      }
      counts.merge(v, 1L, Long::sum);
    }
    return counts;
  }
}
