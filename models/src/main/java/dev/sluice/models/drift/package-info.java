/**
 * Drift statistics: how far a feature's current distribution has moved from a reference one.
 *
 * <ul>
 *   <li>{@link PopulationStability}: the population stability index (PSI) over numeric features
 *       (bins from the reference's quantiles) and over categories;
 *   <li>{@link KolmogorovSmirnov}: the two-sample Kolmogorov–Smirnov statistic and its p-value;
 *   <li>{@link DriftCheck}: both over every feature of a {@link FeatureWindow}, giving a {@link
 *       DriftReport} a task records with its run;
 *   <li>{@link DriftSources}: the same numbers as a {@code MetricSource}, so a metric trigger can
 *       retrain a model when drift rises.
 * </ul>
 */
package dev.sluice.models.drift;
