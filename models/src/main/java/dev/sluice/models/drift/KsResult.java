package dev.sluice.models.drift;

/**
 * The two-sample Kolmogorov–Smirnov test's result.
 *
 * @param statistic the largest distance between the two empirical distribution functions, in [0, 1]
 * @param pValue the probability of a distance at least this large if both samples came from one
 *     distribution
 * @param exact whether the p-value is exact (the product of the sample sizes at most {@link
 *     KolmogorovSmirnov#EXACT_LIMIT}) or asymptotic
 */
public record KsResult(double statistic, double pValue, boolean exact) {}
