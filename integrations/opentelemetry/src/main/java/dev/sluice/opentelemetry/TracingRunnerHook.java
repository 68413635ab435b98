package dev.sluice.opentelemetry;

import dev.sluice.core.model.TaskContext;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.runtime.RunnerHook;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Continues the run's trace in the task runner: the task body runs in a span {@code task <name>},
 * child of the attempt span whose context the engine put in the environment ({@code TRACEPARENT},
 * {@code TRACESTATE}). Uses {@link GlobalOpenTelemetry}: the OpenTelemetry Java agent or the SDK's
 * autoconfiguration in the task's image sets it up; without either, spans are no-ops. Registered
 * for the {@code ServiceLoader} by this module's jar.
 */
public final class TracingRunnerHook implements RunnerHook {
  private static final TextMapGetter<Map<String, String>> ENV = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> env) {
      List<String> keys = new ArrayList<>();
      env.keySet().forEach(k -> keys.add(k.toLowerCase(Locale.ROOT)));
      return keys;
    }

    @Override
    public String get(Map<String, String> env, String key) {
      return env == null ? null : env.get(key.toUpperCase(Locale.ROOT));
    }
  };

  private final OpenTelemetry otel;

  /** The hook on {@link GlobalOpenTelemetry}, as the ServiceLoader makes it. */
  public TracingRunnerHook() {
    this(null);
  }

  /** The hook on {@code otel} (null: {@link GlobalOpenTelemetry}, looked up when a task runs). */
  public TracingRunnerHook(OpenTelemetry otel) {
    this.otel = otel;
  }

  @Override
  public Object around(TaskContext context, TaskSpec task, Map<String, String> environment, Callable<Object> body)
      throws Exception {
    OpenTelemetry o = otel != null ? otel : GlobalOpenTelemetry.get();
    Context parent = o.getPropagators().getTextMapPropagator().extract(Context.root(), environment, ENV);
    Span span = o.getTracer(SluiceTracing.SCOPE).spanBuilder("task " + task.name())
        .setParent(parent)
        .setAttribute(TraceAttributes.WORKFLOW, context.workflowName())
        .setAttribute(TraceAttributes.RUN_ID, context.runId())
        .setAttribute(TraceAttributes.NODE, context.nodePath())
        .setAttribute(TraceAttributes.TASK, task.name())
        .setAttribute(TraceAttributes.ATTEMPT, (long) context.attempt())
        .setAttribute(TraceAttributes.ATTEMPT_NAME, context.attemptName())
        .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      return body.call();
    } catch (Exception | Error e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
      span.setAttribute(TraceAttributes.ERROR_TYPE, e.getClass().getName());
      throw e;
    } finally {
      span.end();
    }
  }
}
