/**
 * OpenTelemetry traces of Sluice runs: {@link dev.sluice.opentelemetry.SluiceTracing} in the engine,
 * {@link dev.sluice.opentelemetry.TracingRunnerHook} in the task runner.
 */
package dev.sluice.opentelemetry;
