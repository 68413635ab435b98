package dev.sluice.opentelemetry;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.spi.TaskInterceptor;
import dev.sluice.opentelemetry.internal.RunTracer;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/**
 * OpenTelemetry traces of Sluice runs, on the OpenTelemetry API (bring your SDK or agent): a span
 * per run, a child span per node, and per attempt a child of its node; the attempt's trace context
 * goes into the environment of remote attempts ({@code TRACEPARENT}, {@code TRACESTATE}) so that the
 * task runner in a Kubernetes pod or a Ray job continues the trace ({@link TracingRunnerHook}).
 *
 * <pre>{@code
 * SluiceTracing tracing = SluiceTracing.of(openTelemetry);
 * try (Engine engine = tracing.instrument(Engine.builder()).build()) { ... }
 * }</pre>
 *
 * <p>A run started inside a span (an HTTP request, a scheduler job) becomes its child. A JVM task
 * body run by the local executor runs with its attempt span current, so spans it starts are the
 * attempt's children. A resumed run starts a new trace whose run span links to the first life's
 * run span (its W3C context is journaled with the run, {@code RunListener.carried}); a recovered
 * run starts a new, unlinked trace. Nodes a run took from the journal are spans marked {@link
 * TraceAttributes#REPLAYED}, not dropped.
 */
public final class SluiceTracing {
  /** The instrumentation scope name of Sluice's spans. */
  public static final String SCOPE = "dev.sluice";

  private final RunTracer tracer;

  private SluiceTracing(OpenTelemetry openTelemetry) {
    this.tracer = new RunTracer(openTelemetry);
  }

  /** Tracing through {@code openTelemetry} (e.g. {@code GlobalOpenTelemetry.get()}). */
  public static SluiceTracing of(OpenTelemetry openTelemetry) {
    return new SluiceTracing(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /** Adds {@link #listener()} and {@link #interceptor()} to {@code builder}; returns it. */
  public Engine.Builder instrument(Engine.Builder builder) {
    return builder.listener(tracer).interceptor(tracer);
  }

  /** Run and node spans. */
  public RunListener listener() {
    return tracer;
  }

  /** Attempt spans, and the trace context in each attempt's environment. */
  public TaskInterceptor interceptor() {
    return tracer;
  }
}
