/**
 * Recorded metrics in the store, the Prometheus HTTP client and the Pushgateway publisher. No
 * compatibility promise: use {@code dev.sluice.core.metric}.
 */
package dev.sluice.core.internal.metric;
