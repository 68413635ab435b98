/** A Prometheus scrape endpoint for Sluice's Micrometer metrics: {@link dev.sluice.prometheus.PrometheusEndpoint}. */
package dev.sluice.prometheus;
