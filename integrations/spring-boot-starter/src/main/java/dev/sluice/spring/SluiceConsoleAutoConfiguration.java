package dev.sluice.spring;

import dev.sluice.console.Console;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.trigger.MetricTrigger;
import dev.sluice.prometheus.PrometheusEndpoint;
import dev.sluice.spring.internal.ConsoleLifecycle;
import dev.sluice.spring.internal.TriggerServiceLifecycle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code sluice.console.enabled=true} and {@code sluice-console} on the class path: the web
 * console and HTTP API over the application's engine, on a port of its own ({@code
 * sluice.console.port}, bound to {@code sluice.console.address}, 127.0.0.1 by default), started
 * and stopped with the application; with a Prometheus registry, {@code /metrics} on it too.
 */
@AutoConfiguration(
    after = SluiceAutoConfiguration.class,
    afterName = "org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus."
        + "PrometheusMetricsExportAutoConfiguration")
@ConditionalOnClass(name = "dev.sluice.console.Console")
@ConditionalOnProperty(prefix = "sluice.console", name = "enabled", havingValue = "true")
public class SluiceConsoleAutoConfiguration {

  /** The console, started once the application is up, stopped when it stops (before the engine closes). */
  @Bean
  public ConsoleLifecycle sluiceConsole(SluiceProperties properties, Engine engine,
      ObjectProvider<LaunchPlan<?, ?>> plans, ObjectProvider<MetricTrigger<?>> triggers,
      ObjectProvider<TriggerServiceLifecycle> triggerService, ObjectProvider<ConsoleRoute> routes,
      ObjectProvider<RunStore> runStore) {
    if (runStore.getIfAvailable() == null) {
      throw new IllegalStateException("sluice.console.enabled=true needs the runs journaled: the console shows and acts "
          + "on journaled runs. Fix: set sluice.journal=true (or define a RunStore bean)");
    }
    SluiceProperties.Console c = properties.getConsole();
    Supplier<Console> start = () -> {
      Console.Builder b = Console.builder().engine(engine).host(c.getAddress()).port(c.getPort()).announce(null);
      if (c.getToken() != null) {
        b.token(c.getToken());
      }
      plans.orderedStream().forEach(b::launchPlan);
      TriggerServiceLifecycle service = triggerService.getIfAvailable();
      if (service != null) {
        b.triggers(service.service(), triggers.orderedStream().toArray(MetricTrigger<?>[]::new));
      }
      routes.orderedStream().forEach(r -> b.route(r.path(), r.handler()));
      return b.start();
    };
    return new ConsoleLifecycle(start, c.getToken() == null);
  }

  /** {@code /metrics} on the console's port: the application's Prometheus registry, as Prometheus scrapes it. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"dev.sluice.prometheus.PrometheusEndpoint",
      "io.micrometer.prometheusmetrics.PrometheusMeterRegistry"})
  static class Metrics {
    @Bean
    @ConditionalOnBean(PrometheusMeterRegistry.class)
    ConsoleRoute sluiceConsoleMetricsRoute(PrometheusMeterRegistry registry) {
      Supplier<String> scrape = PrometheusEndpoint.scrapeBody(registry);
      return new ConsoleRoute(PrometheusEndpoint.PATH, exchange -> {
        try (exchange) {
          if (!exchange.getRequestMethod().equals("GET")) {
            exchange.sendResponseHeaders(405, -1);
            return;
          }
          byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", PrometheusEndpoint.CONTENT_TYPE);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
        }
      });
    }
  }
}
