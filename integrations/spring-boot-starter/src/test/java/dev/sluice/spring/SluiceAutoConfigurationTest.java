package dev.sluice.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import dev.sluice.spring.internal.SluiceHealthIndicator;
import dev.sluice.spring.internal.TriggerServiceLifecycle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The starter in a real Spring application context (Spring Boot's ApplicationContextRunner). */
class SluiceAutoConfigurationTest {
  static final Task1<String, String> greet = Task.named("greet").of(name -> "Hello, " + name);
  static final Workflow<String, String> hello = Workflow.named("hello", String.class, (wf, n) -> wf.call(greet, n));

  static final List<String> remoteCalls = new CopyOnWriteArrayList<>();
  static final Task1<String, String> shout = Task.named("shout").executor("remote").of(s -> s.toUpperCase());
  static final Workflow<String, String> loud = Workflow.named("loud", String.class, (wf, s) -> wf.call(shout, s));

  static volatile CountDownLatch release = new CountDownLatch(1);
  static final Task1<String, String> slow = Task.named("slow").of(s -> {
    release.await();
    return s + " at last";
  });
  static final Workflow<String, String> waiting = Workflow.named("waiting", String.class, (wf, s) -> wf.call(slow, s));

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SluiceAutoConfiguration.class, SluiceHealthAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  static class Workflows {
    @Bean
    Workflow<String, String> hello() {
      return hello;
    }

    @Bean
    Workflow<String, String> waiting() {
      return waiting;
    }

    /** A stand-in for a remote executor, registered under its bean name. */
    @Bean
    TaskExecutor remote() {
      return attempt -> {
        remoteCalls.add(attempt.task().name());
        return CompletableFuture.completedFuture(((String) attempt.inputs()[0]).toUpperCase() + " (remote)");
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Scheduled {
    @Bean
    LaunchPlan<String, String> everySecond() {
      return LaunchPlan.builder("hello-every-second", hello).defaultInput("schedule")
          .schedule(Schedule.every(Duration.ofSeconds(1))).build();
    }
  }

  static void awaitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 30 s for " + what);
      }
      LockSupport.parkNanos(5_000_000);
    }
  }

  @Test
  void anEngineBeanRunsTheApplicationsWorkflowsOnAnInMemoryStoreByDefault() {
    runner.withUserConfiguration(Workflows.class).run(ctx -> {
      Engine engine = ctx.getBean(Engine.class);
      assertThat(engine.run(hello, "Spring").await(Duration.ofSeconds(30))).isEqualTo("Hello, Spring");
      assertThat(ctx.getBean(ArtifactStore.class).root().getScheme()).isEqualTo("mem");
      assertThat(ctx).doesNotHaveBean(RunStore.class);
    });
  }

  @Test
  void aTaskExecutorBeanServesTasksThatNameItsBeanName() {
    remoteCalls.clear();
    runner.withUserConfiguration(Workflows.class).run(ctx -> {
      String out = ctx.getBean(Engine.class).run(loud, "hi").await(Duration.ofSeconds(30));
      assertThat(out).isEqualTo("HI (remote)");
      assertThat(remoteCalls).containsExactly("shout");
    });
  }

  @Test
  void aLaunchPlanBeanWithAScheduleLaunchesRunsOnceTheApplicationIsUp() {
    runner.withUserConfiguration(Workflows.class, Scheduled.class).run(ctx -> {
      TriggerServiceLifecycle triggers = ctx.getBean(TriggerServiceLifecycle.class);
      assertThat(triggers.isRunning()).isTrue();
      awaitUntil(() -> triggers.service().history("hello-every-second").stream()
          .anyMatch(e -> e.reason().contains("launched run")), "a scheduled launch");
    });
  }

  @Test
  void triggersCanBeTurnedOff() {
    runner.withUserConfiguration(Workflows.class, Scheduled.class).withPropertyValues("sluice.triggers.enabled=false")
        .run(ctx -> assertThat(ctx).doesNotHaveBean(TriggerServiceLifecycle.class));
  }

  @Test
  void closingTheApplicationLeavesAJournaledRunResumableByTheNextOne(@TempDir Path dir) throws Exception {
    release = new CountDownLatch(1);
    String[] runId = new String[1];
    ApplicationContextRunner journaled = runner.withUserConfiguration(Workflows.class)
        .withPropertyValues("sluice.store=" + dir.toUri(), "sluice.journal=true", "sluice.triggers.enabled=false");
    journaled.run(ctx -> {
      RunHandle<String> run = ctx.getBean(Engine.class).run(waiting, "resumed");
      runId[0] = run.runId();
      assertThat(ctx).hasSingleBean(RunStore.class);
    });
    release.countDown();
    journaled.run(ctx -> {
      Engine engine = ctx.getBean(Engine.class);
      List<RunSummary> unfinished = engine.journal().runs(RunQuery.builder().states(RunState.RUNNING).build());
      assertThat(unfinished).extracting(RunSummary::runId).contains(runId[0]);
      Object out = engine.resume(runId[0]).await(Duration.ofSeconds(30));
      assertThat(out).isEqualTo("resumed at last");
    });
  }

  @Test
  void theHealthIndicatorReportsTheStoreAndExecutors() {
    runner.withUserConfiguration(Workflows.class).run(ctx -> {
      Health health = ctx.getBean(SluiceHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsKey("store").containsKey("executors");
      assertThat(health.getDetails().get("executors").toString()).contains("local", "remote");
    });
  }

  @Test
  void theHealthIndicatorIsDownWhenTheStoreFails() {
    runner.withUserConfiguration(Workflows.class).withBean("failingStore", ArtifactStore.class, FailingStore::new)
        .run(ctx -> {
          Health health = ctx.getBean(SluiceHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(health.getDetails().toString()).contains("bucket unreachable");
        });
  }

  /** A store whose every call fails, as an unreachable bucket would. */
  static final class FailingStore implements ArtifactStore {
    @Override
    public java.net.URI root() {
      return java.net.URI.create("s3://down/");
    }

    private static RuntimeException down() {
      return new dev.sluice.core.spi.StoreUnavailableException("bucket unreachable", null);
    }

    @Override
    public dev.sluice.core.spi.StoredObject put(String key, java.io.InputStream data) {
      throw down();
    }

    @Override
    public java.io.InputStream get(String key) {
      throw down();
    }

    @Override
    public java.util.Optional<dev.sluice.core.spi.StoredObject> stat(String key) {
      throw down();
    }

    @Override
    public dev.sluice.core.spi.ObjectPage list(String prefix, java.util.Optional<String> token, int size) {
      throw down();
    }

    @Override
    public boolean delete(String key) {
      throw down();
    }
  }

  static Map<String, String> unused() {
    return Map.of();
  }
}
