/**
 * Metrics for triggers: the built-in {@code MetricSource}s (a PromQL query, the metrics tasks
 * record, a user function), the Prometheus HTTP client, the recorded-metrics store and queries, and
 * publishing recorded metrics to a Pushgateway.
 */
package dev.sluice.core.metric;
