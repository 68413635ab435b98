package dev.sluice.benchmarks;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.micrometer.SluiceMetrics;
import dev.sluice.opentelemetry.SluiceTracing;
import dev.sluice.prometheus.PrometheusEndpoint;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What observability costs on {@link EngineOverheadBenchmark}'s shapes (no-op tasks, so the
 * engine's own work is all there is): {@code obs=off} (the floor), {@code noop} (a listener and an
 * interceptor that do nothing: what the engine pays to publish events at all), {@code micrometer} (every meter
 * of sluice-micrometer on a Prometheus registry, histograms included), {@code otel} (a span per
 * run, node and attempt through the OpenTelemetry SDK with a batch processor and an exporter that
 * drops what it is given) and {@code both}, in the same JMH run; {@code shape=single} is a one-task
 * run. Logging at warn (slf4j-simple, whose MDC is a no-op: the MDC's cost with Logback is not in
 * these numbers).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class ObservabilityOverheadBenchmark {

  @Param({"single", "chain", "fanout", "lattice"})
  public String shape;

  @Param({"off", "noop", "micrometer", "otel", "both"})
  public String obs;

  private ExecutorService executor;
  private DagRunner runner;
  private long expected;
  private Engine closeSingle;
  private SdkTracerProvider tracing;

  /** Counts the spans it is handed and drops them: the SDK's work without an exporter's I/O. */
  static final class DroppingExporter implements SpanExporter {
    final LongAdder spans = new LongAdder();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.add(batch.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    executor = Pools.create("fixed");
    boolean metrics = obs.equals("micrometer") || obs.equals("both");
    boolean traces = obs.equals("otel") || obs.equals("both");
    SluiceMetrics meters = metrics ? SluiceMetrics.of(PrometheusEndpoint.newRegistry()) : null;
    SluiceTracing tracer = null;
    if (traces) {
      tracing = SdkTracerProvider.builder()
          .addSpanProcessor(BatchSpanProcessor.builder(new DroppingExporter()).build()).build();
      tracer = SluiceTracing.of(OpenTelemetrySdk.builder().setTracerProvider(tracing)
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build());
    }
    SluiceTracing t = tracer;
    boolean noop = obs.equals("noop");
    UnaryOperator<Engine.Builder> options = b -> {
      Engine.Builder out = b;
      if (noop) {
        out = out.listener(new RunListener() {}).interceptor((attempt, next) -> next.proceed(attempt));
      }
      if (meters != null) {
        out = meters.instrument(out);
      }
      if (t != null) {
        out = t.instrument(out);
      }
      return out;
    };
    if (shape.equals("single")) {
      Engine engine = options.apply(Engine.builder().taskPool(executor)).build();
      WorkflowSpec one = SluiceDags.chain(1).spec();
      runner = DagRunner.of(input -> (Long) engine.run(one, input, RunOptions.DEFAULT).await(), 1);
      closeSingle = engine;
      expected = 1;
    } else {
      runner = SluiceDags.runner(shape, executor, options);
      expected = Dag.of(shape).expected(0);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    runner.close();
    if (closeSingle != null) {
      closeSingle.close();
    }
    if (tracing != null) {
      tracing.shutdown().join(10, TimeUnit.SECONDS);
    }
    Pools.shutdown(executor);
  }

  @Benchmark
  public long run() {
    long out = runner.run(0);
    if (out != expected) {
      throw new IllegalStateException(shape + " with " + obs + " returned " + out + ", expected " + expected);
    }
    return out;
  }
}
