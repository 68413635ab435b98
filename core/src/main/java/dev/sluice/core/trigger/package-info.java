/**
 * Metric triggers and the service that runs them with launch plans' schedules: conditions over
 * metric sources (thresholds, sustained-for, hysteresis, absence, and/or), cooldowns, one run in
 * flight per trigger, every evaluation recorded, one leader among replicas.
 */
package dev.sluice.core.trigger;
