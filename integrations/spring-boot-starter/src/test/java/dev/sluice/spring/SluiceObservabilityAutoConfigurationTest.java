package dev.sluice.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The engine is bound to the application's MeterRegistry and OpenTelemetry beans when they exist. */
class SluiceObservabilityAutoConfigurationTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
      SluiceObservabilityAutoConfiguration.class, SluiceAutoConfiguration.class));

  @Test
  void aMeterRegistryBeanGetsTheEnginesMeters() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(ctx -> {
      ctx.getBean(Engine.class).run(SluiceAutoConfigurationTest.hello, "metrics").await(Duration.ofSeconds(30));
      MeterRegistry registry = ctx.getBean(MeterRegistry.class);
      assertThat(registry.get("sluice.runs.started").tag("workflow", "hello").counter().count()).isEqualTo(1.0);
    });
  }

  @Test
  void anOpenTelemetryBeanGetsTheRunsSpans() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetry otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
    runner.withBean(OpenTelemetry.class, () -> otel).run(ctx -> {
      ctx.getBean(Engine.class).run(SluiceAutoConfigurationTest.hello, "traces").await(Duration.ofSeconds(30));
      assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).isNotEmpty();
    });
  }

  @Test
  void withoutThemTheEngineIsBuiltAsBefore() {
    runner.run(ctx -> assertThat(ctx).hasSingleBean(Engine.class).doesNotHaveBean(EngineCustomizer.class));
  }
}
