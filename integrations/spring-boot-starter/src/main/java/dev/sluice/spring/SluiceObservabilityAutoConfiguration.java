package dev.sluice.spring;

import dev.sluice.micrometer.SluiceMetrics;
import dev.sluice.opentelemetry.SluiceTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the engine to the application's Micrometer {@link MeterRegistry} (with {@code
 * sluice-micrometer} on the class path) and OpenTelemetry (with {@code sluice-opentelemetry}), as
 * {@link EngineCustomizer}s. Runs after the registry and OpenTelemetry beans exist, so Actuator's
 * registry (and {@code /actuator/prometheus}) carries the {@code sluice.*} meters.
 */
@AutoConfiguration(
    before = SluiceAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration"
    })
public class SluiceObservabilityAutoConfiguration {

  /** Micrometer meters of runs, nodes, attempts, cache, store and triggers. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({SluiceMetrics.class, MeterRegistry.class})
  static class Metrics {
    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    EngineCustomizer sluiceMetricsCustomizer(MeterRegistry registry) {
      SluiceMetrics metrics = SluiceMetrics.of(registry);
      return metrics::instrument;
    }
  }

  /** Spans per run, node and attempt, with the trace context passed to remote attempts. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({SluiceTracing.class, OpenTelemetry.class})
  static class Tracing {
    @Bean
    @ConditionalOnBean(OpenTelemetry.class)
    EngineCustomizer sluiceTracingCustomizer(OpenTelemetry openTelemetry) {
      SluiceTracing tracing = SluiceTracing.of(openTelemetry);
      return tracing::instrument;
    }
  }
}
