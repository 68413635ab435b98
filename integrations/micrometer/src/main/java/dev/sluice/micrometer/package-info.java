/** Sluice's engine metrics with Micrometer: {@link dev.sluice.micrometer.SluiceMetrics}. */
package dev.sluice.micrometer;
