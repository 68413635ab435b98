package dev.sluice.opentelemetry.internal;

import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.TaskInterceptor;
import dev.sluice.opentelemetry.SluiceTracing;
import dev.sluice.opentelemetry.TraceAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spans from engine events: a run span from RunStarted to RunFinished (child of the context current
 * where the run was started), a node span from a node's first transition to its terminal one
 * (child of its enclosing node, or of the run), an attempt span around each attempt (child of its
 * node) whose context is injected into the attempt's environment.
 */
public final class RunTracer implements RunListener, TaskInterceptor {
  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final Map<String, Span> runs = new ConcurrentHashMap<>();
  private final Map<String, Span> nodes = new ConcurrentHashMap<>();
  private final Map<String, Span> attempts = new ConcurrentHashMap<>();

  public RunTracer(OpenTelemetry otel) {
    this.tracer = otel.getTracer(SluiceTracing.SCOPE);
    this.propagator = otel.getPropagators().getTextMapPropagator();
  }

  // ---- runs --------------------------------------------------------------------------------------

  @Override
  public void runStarted(RunEvent.RunStarted e) {
    SpanBuilder builder = tracer.spanBuilder("run " + e.workflowName())
        .setParent(Context.current())
        .setAttribute(TraceAttributes.WORKFLOW, e.workflowName())
        .setAttribute(TraceAttributes.RUN_ID, e.runId());
    SpanContext earlier = earlierLife(e.carried());
    if (earlier.isValid()) {
      // a resumed run: a new trace, linked to the one its first life started
      builder.addLink(earlier, Attributes.of(TraceAttributes.LINK, "resumes"));
    }
    Span span = builder.startSpan();
    Span previous = runs.put(e.runId(), span);
    if (previous != null) {
      previous.end();
    }
  }

  /** The W3C trace context of the run span, journaled for the run's later lives to link to. */
  @Override
  public Map<String, String> carried(RunEvent.RunStarted e) {
    Span span = runs.get(e.runId());
    if (span == null || !span.getSpanContext().isValid()) {
      return Map.of();
    }
    Map<String, String> carrier = new HashMap<>();
    propagator.inject(Context.root().with(span), carrier, Map::put);
    return carrier;
  }

  /** The run span of the run's first life, from what it carried; invalid when there is none. */
  private SpanContext earlierLife(Map<String, String> carried) {
    if (carried.isEmpty()) {
      return SpanContext.getInvalid();
    }
    Context extracted = propagator.extract(Context.root(), carried, CARRIED);
    return Span.fromContext(extracted).getSpanContext();
  }

  private static final TextMapGetter<Map<String, String>> CARRIED = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  @Override
  public void runFinished(RunEvent.RunFinished e) {
    Span span = runs.remove(e.runId());
    String prefix = e.runId() + '\n';
    nodes.entrySet().removeIf(n -> {
      if (n.getKey().startsWith(prefix)) {
        n.getValue().end(); // a node the run never ended (it was abandoned)
        return true;
      }
      return false;
    });
    if (span == null) {
      return;
    }
    span.setAttribute(TraceAttributes.STATE, lower(e.state().name()));
    if (e.state() != RunState.SUCCEEDED) {
      fail(span, e.error().orElse(null), e.state().name().toLowerCase(Locale.ROOT));
    }
    span.end();
  }

  @Override
  public void runLate(RunEvent.RunLate e) {
    Span span = runs.get(e.runId());
    if (span != null) {
      span.addEvent("late", Attributes.builder()
          .put("workflow.deadline.seconds", e.deadline().toSeconds())
          .put("workflow.deadline.cancelling", e.cancelling()).build());
    }
  }

  @Override
  public void attemptSubmitted(RunEvent.AttemptSubmitted e) {
    Span span = attempts.get(e.attemptName());
    if (span != null) {
      span.addEvent(e.reattached() ? "reattached" : "submitted");
    }
  }

  // ---- nodes -------------------------------------------------------------------------------------

  @Override
  public void nodeTransition(RunEvent.NodeTransition e) {
    String key = key(e.runId(), e.nodePath());
    Span span = nodes.get(key);
    if (span == null) {
      if (e.to().isTerminal() && e.from() == NodeState.PENDING && !e.to().hasOutput()) {
        // skipped or cancelled before it started: one span, started and ended now
        span = startNode(e);
      } else {
        span = nodes.computeIfAbsent(key, k -> startNode(e));
      }
    }
    if (e.to() == NodeState.RETRYING) {
      span.addEvent("retrying", Attributes.builder().put(TraceAttributes.ATTEMPT, (long) e.attempt()).build());
    }
    if (!e.to().isTerminal()) {
      return;
    }
    nodes.remove(key, span);
    span.setAttribute(TraceAttributes.STATE, lower(e.to().name()));
    span.setAttribute(TraceAttributes.CACHE_HIT, e.to() == NodeState.CACHED);
    if (e.attempt() > 0) {
      span.setAttribute(TraceAttributes.ATTEMPT, (long) e.attempt());
    }
    if (e.to() == NodeState.FAILED) {
      fail(span, e.error().orElse(null), "failed");
    }
    span.end();
  }

  private Span startNode(RunEvent.NodeTransition e) {
    String path = e.nodePath();
    Span parent = nodes.get(key(e.runId(), enclosing(path)));
    if (parent == null) {
      parent = runs.get(e.runId());
    }
    var builder = tracer.spanBuilder("node " + e.task().orElse(base(path)))
        .setParent(parent == null ? Context.current() : Context.root().with(parent))
        .setAttribute(TraceAttributes.RUN_ID, e.runId())
        .setAttribute(TraceAttributes.NODE, path)
        .setAttribute(TraceAttributes.REPLAYED, e.replayed());
    e.task().ifPresent(t -> builder.setAttribute(TraceAttributes.TASK, t));
    e.executor().ifPresent(x -> builder.setAttribute(TraceAttributes.EXECUTOR, x));
    return builder.startSpan();
  }

  // ---- attempts ----------------------------------------------------------------------------------

  @Override
  public CompletableFuture<Object> intercept(Attempt attempt, Chain next) {
    Span node = nodes.get(key(attempt.runId(), attempt.nodePath()));
    if (node == null) {
      node = runs.get(attempt.runId());
    }
    Context parent = node == null ? Context.current() : Context.root().with(node);
    Span span = tracer.spanBuilder("attempt " + attempt.task().name())
        .setParent(parent)
        .setAttribute(TraceAttributes.WORKFLOW, attempt.workflowName())
        .setAttribute(TraceAttributes.RUN_ID, attempt.runId())
        .setAttribute(TraceAttributes.NODE, attempt.nodePath())
        .setAttribute(TraceAttributes.TASK, attempt.task().name())
        .setAttribute(TraceAttributes.EXECUTOR, attempt.executor())
        .setAttribute(TraceAttributes.ATTEMPT, (long) attempt.attempt())
        .setAttribute(TraceAttributes.ATTEMPT_NAME, attempt.attemptName())
        .startSpan();
    Context context = parent.with(span);
    Map<String, String> env = new HashMap<>();
    // Environment variables carry the W3C fields upper-cased (TRACEPARENT), as OTel's env carrier spec says.
    propagator.inject(context, env, (carrier, k, v) -> carrier.put(k.toUpperCase(Locale.ROOT), v));
    String name = attempt.attemptName();
    attempts.put(name, span);
    CompletableFuture<Object> running;
    // a JVM body run here (local executor) runs with the attempt's span current, so its own spans nest under it
    Attempt withContext = (env.isEmpty() ? attempt : attempt.withEnvironment(env)).withBodyScope(() -> {
      Scope scope = context.makeCurrent();
      return scope::close;
    });
    try (Scope ignored = context.makeCurrent()) {
      running = next.proceed(withContext);
    } catch (RuntimeException e) {
      attempts.remove(name, span);
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
      span.setAttribute(TraceAttributes.ERROR_TYPE, e.getClass().getName());
      span.end();
      throw e;
    }
    // The engine hears of the attempt's end only once its span has ended (so a finished run's
    // attempt spans are all exported); cancelling what it holds cancels the attempt.
    CompletableFuture<Object> traced = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        running.cancel(mayInterruptIfRunning);
        return super.cancel(mayInterruptIfRunning);
      }
    };
    running.whenComplete((value, error) -> {
      attempts.remove(name, span);
      if (error != null) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (!(cause instanceof CancellationException)) {
          span.recordException(cause);
          span.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
          span.setAttribute(TraceAttributes.ERROR_TYPE, cause.getClass().getName());
        }
      }
      span.end();
      if (error != null) {
        traced.completeExceptionally(error);
      } else {
        traced.complete(value);
      }
    });
    return traced;
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private static void fail(Span span, NodeError error, String what) {
    if (error != null) {
      span.setAttribute(TraceAttributes.ERROR_TYPE, error.type());
      span.setStatus(StatusCode.ERROR, error.message());
    } else {
      span.setStatus(StatusCode.ERROR, what);
    }
  }

  private static String key(String runId, String path) {
    return runId + '\n' + path;
  }

  /** The path of the node that encloses {@code path} (a map's element, a sub-workflow's node), or "". */
  static String enclosing(String path) {
    if (path.endsWith("]")) {
      int open = path.lastIndexOf('[');
      if (open > 0) {
        return path.substring(0, open);
      }
    }
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** The node's id without the enclosing path or element index, for a span name of bounded cardinality. */
  static String base(String path) {
    String p = path.endsWith("]") && path.lastIndexOf('[') > 0 ? path.substring(0, path.lastIndexOf('[')) : path;
    return p.substring(p.lastIndexOf('/') + 1);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
