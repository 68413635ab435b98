package dev.sluice.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.console.Console;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunState;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import dev.sluice.spring.internal.ConsoleLifecycle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The console the starter mounts: on its own port, with the application, token-guarded actions and /metrics. */
class SluiceConsoleAutoConfigurationTest {
  static final String TOKEN = "a-configured-token-of-32-chars!!";
  static final CountDownLatch HOLD = new CountDownLatch(1);
  static final Task1<String, String> hold = Task.named("hold").of(s -> {
    HOLD.await(30, TimeUnit.SECONDS);
    return s;
  });
  static final Workflow<String, String> held = Workflow.named("held", String.class, (wf, s) -> wf.call(hold, s));

  static final HttpClient HTTP = HttpClient.newHttpClient();

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SluiceObservabilityAutoConfiguration.class,
          SluiceAutoConfiguration.class, SluiceConsoleAutoConfiguration.class))
      .withUserConfiguration(App.class);

  @Configuration(proxyBeanMethods = false)
  static class App {
    @Bean
    Workflow<String, String> held() {
      return held;
    }

    @Bean
    PrometheusMeterRegistry prometheus() {
      return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }
  }

  @Test
  void theConsoleAnswersOnItsPortActionsNeedTheTokenAndMetricsAreServedUntilTheApplicationStops(@TempDir Path dir)
      throws Exception {
    URI[] where = new URI[1];
    runner.withPropertyValues("sluice.store=" + dir.toUri(), "sluice.journal=true", "sluice.console.enabled=true",
        "sluice.console.port=0", "sluice.console.token=" + TOKEN).run(ctx -> {
          Console console = ctx.getBean(ConsoleLifecycle.class).console();
          assertThat(console).as("started with the application").isNotNull();
          where[0] = console.uri();
          assertThat(console.uri().getHost()).isEqualTo("127.0.0.1");
          RunHandle<String> run = ctx.getBean(Engine.class).run(held, "x");

          HttpResponse<String> runs = get(console.uri().resolve("/api/runs"));
          assertThat(runs.statusCode()).isEqualTo(200);
          assertThat(runs.body()).contains(run.runId());

          URI cancel = console.uri().resolve("/api/runs/" + run.runId() + "/cancel");
          assertThat(post(cancel, null).statusCode()).as("no token").isEqualTo(401);
          assertThat(post(cancel, "not-the-token-of-this-console").statusCode()).as("a wrong token").isEqualTo(403);
          assertThat(run.isDone()).isFalse();
          assertThat(post(cancel, TOKEN).statusCode()).isBetween(200, 299);
          assertThatThrownBy(() -> run.await(Duration.ofSeconds(30)));
          assertThat(run.status().state()).isEqualTo(RunState.CANCELLED);

          HttpResponse<String> metrics = get(console.uri().resolve("/metrics"));
          assertThat(metrics.statusCode()).isEqualTo(200);
          assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
          assertThat(metrics.body()).contains("sluice_runs_started_total{workflow=\"held\"}");
        });
    assertThatThrownBy(() -> get(where[0].resolve("/api/runs"))).as("stopped with the application")
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void withoutATokenOneIsGeneratedAndActionsTakeIt(@TempDir Path dir) {
    runner.withPropertyValues("sluice.store=" + dir.toUri(), "sluice.journal=true", "sluice.console.enabled=true",
        "sluice.console.port=0").run(ctx -> {
          Console console = ctx.getBean(ConsoleLifecycle.class).console();
          assertThat(console.token()).hasSizeGreaterThanOrEqualTo(32);
          RunHandle<String> run = ctx.getBean(Engine.class).run(held, "y");
          assertThat(post(console.uri().resolve("/api/runs/" + run.runId() + "/cancel"), console.token()).statusCode())
              .isBetween(200, 299);
          assertThatThrownBy(() -> run.await(Duration.ofSeconds(30)));
        });
  }

  @Test
  void theConsoleIsMountedOnlyWhenEnabledAndPresentAndRefusesAnEngineWithoutAJournal(@TempDir Path dir) {
    runner.withPropertyValues("sluice.journal=true", "sluice.store=" + dir.toUri())
        .run(ctx -> assertThat(ctx).doesNotHaveBean(ConsoleLifecycle.class));
    runner.withPropertyValues("sluice.journal=true", "sluice.store=" + dir.toUri(), "sluice.console.enabled=true",
        "sluice.console.port=0").withClassLoader(new FilteredClassLoader(Console.class))
        .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(ConsoleLifecycle.class));
    runner.withPropertyValues("sluice.console.enabled=true", "sluice.console.port=0").run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("sluice.journal=true");
    });
  }

  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(URI uri, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
