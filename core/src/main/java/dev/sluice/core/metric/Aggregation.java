package dev.sluice.core.metric;

/** How a recorded-metrics source turns the samples of one series in its window into one value. */
public enum Aggregation {
  /** The most recent sample. */
  LATEST,
  /** The arithmetic mean. */
  MEAN,
  /** The smallest value. */
  MIN,
  /** The largest value. */
  MAX
}
