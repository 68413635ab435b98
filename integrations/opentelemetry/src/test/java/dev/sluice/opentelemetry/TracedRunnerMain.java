package dev.sluice.opentelemetry;

import dev.sluice.runtime.TaskRunner;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The task runner as a traced image would start it: an OpenTelemetry SDK registered globally (what
 * the OTel agent or autoconfiguration does in production) with the SDK's in-memory exporter; when
 * the task ends its spans are appended to the file named by {@code -Dsluice.test.spans}, one per
 * line ({@code traceId spanId parentSpanId name}), for the test in the engine's JVM to read.
 */
public final class TracedRunnerMain {
  private TracedRunnerMain() {}

  public static void main(String[] args) throws IOException {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    OpenTelemetrySdk.builder().setTracerProvider(tracing)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .buildAndRegisterGlobal();
    // args[0] is the runner's class name, as the executors put it after the launcher
    int status = TaskRunner.run(Arrays.copyOfRange(args, 1, args.length), System.getenv());
    tracing.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
    StringBuilder lines = new StringBuilder();
    for (SpanData span : exporter.getFinishedSpanItems()) {
      lines.append(span.getTraceId()).append(' ').append(span.getSpanId()).append(' ')
          .append(span.getParentSpanId()).append(' ').append(span.getName()).append('\n');
    }
    Files.writeString(Path.of(System.getProperty("sluice.test.spans")), lines.toString(), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    System.exit(status);
  }
}
