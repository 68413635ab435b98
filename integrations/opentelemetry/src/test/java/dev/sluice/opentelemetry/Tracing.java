package dev.sluice.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/** An OpenTelemetry SDK exporting to memory, for one test; and helpers to find spans. */
final class Tracing implements AutoCloseable {
  final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider)
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
  final SluiceTracing sluice = SluiceTracing.of(sdk);

  List<SpanData> spans() {
    return exporter.getFinishedSpanItems();
  }

  SpanData one(Predicate<SpanData> which, String what) {
    List<SpanData> found = spans().stream().filter(which).toList();
    assertThat(found).as("spans that are %s among %s", what, spans()).hasSize(1);
    return found.get(0);
  }

  static Predicate<SpanData> named(String name, String runId) {
    return s -> s.getName().equals(name) && runId.equals(s.getAttributes().get(TraceAttributes.RUN_ID));
  }

  /** A span a task runner process wrote: {@code traceId spanId parentSpanId name}. */
  record RemoteSpan(String traceId, String spanId, String parentSpanId, String name) {}

  static List<RemoteSpan> remoteSpans(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> {
      String[] p = l.split(" ", 4);
      return new RemoteSpan(p[0], p[1], p[2], p[3]);
    }).toList();
  }

  @Override
  public void close() {
    sdk.close();
  }
}
