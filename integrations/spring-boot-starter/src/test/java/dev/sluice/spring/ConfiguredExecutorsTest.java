package dev.sluice.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import dev.sluice.executor.kubernetes.KubernetesExecutor;
import dev.sluice.executor.ray.RayExecutor;
import dev.sluice.spring.internal.SluiceHealthIndicator;
import dev.sluice.testing.kubernetes.JobSimulator;
import dev.sluice.testing.ray.RayJobsServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Executors by name from {@code sluice.executors.*}: created at start-up, or a start that fails with the fix. */
class ConfiguredExecutorsTest {
  static final Task1<String, String> where = Task.named("where").executor("gpu")
      .of(s -> s + " on " + Thread.currentThread().getName());
  static final Workflow<String, String> onGpu = Workflow.named("on-gpu", String.class, (wf, s) -> wf.call(where, s));

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SluiceAutoConfiguration.class, SluiceHealthAutoConfiguration.class))
      .withPropertyValues("sluice.triggers.enabled=false");

  @Test
  void aLocalExecutorByNameRunsItsTasksOnThreadsOfItsOwn() {
    runner.withPropertyValues("sluice.executors.gpu.type=local", "sluice.executors.gpu.threads=1",
        "sluice.executors.gpu.max-in-flight=1").run(ctx -> {
          assertThat(ctx.getBean(ConfiguredExecutors.class).executors()).containsOnlyKeys("gpu");
          assertThat(ctx.getBean(ConfiguredExecutors.class).executors().get("gpu").maxInFlight()).isEqualTo(1);
          String out = ctx.getBean(Engine.class).run(onGpu, "x").await(Duration.ofSeconds(30));
          assertThat(out).isEqualTo("x on sluice-gpu-1");
          assertThat(ctx.getBean(SluiceHealthIndicator.class).health().getDetails().get("executors").toString())
              .contains("gpu");
        });
  }

  @Test
  void badExecutorConfigurationFailsTheStartNamingThePropertyAndTheFix() {
    failsWith(runner.withPropertyValues("sluice.executors.gpu.threads=2"), "sluice.executors.gpu.type is missing");
    failsWith(runner.withPropertyValues("sluice.executors.gpu.type=slurm"),
        "sluice.executors.gpu.type is 'slurm'", "local, kubernetes or ray");
    failsWith(runner.withPropertyValues("sluice.executors.gpu.type=local", "sluice.executors.gpu.namespace=ml"),
        "is a local executor, which takes no [namespace]");
    failsWith(runner.withPropertyValues("sluice.executors.local.type=local"), "built-in executor", "sluice.parallelism");
    failsWith(runner.withPropertyValues("sluice.executors.gpu.type=local", "sluice.executors.gpu.threads=0"),
        "sluice.executors.gpu (local) could not be created", "at least 1 thread");
    failsWith(runner.withPropertyValues("sluice.executors.ray.type=ray"), "sluice.executors.ray.address is missing");
    failsWith(runner.withPropertyValues("sluice.executors.ray.type=ray", "sluice.executors.ray.address=http://x:8265")
            .withClassLoader(new FilteredClassLoader(RayExecutor.class)),
        "sluice-executor-ray is not on the class path", "dev.sluice:sluice-executor-ray");
    failsWith(runner.withPropertyValues("sluice.executors.k8s.type=kubernetes")
            .withClassLoader(new FilteredClassLoader(KubernetesExecutor.class)),
        "sluice-executor-kubernetes is not on the class path");
  }

  @Test
  void aRayExecutorIsCreatedAgainstTheDashboardItNames() throws Exception {
    try (RayJobsServer ray = RayJobsServer.start()) {
      runner.withPropertyValues("sluice.executors.ray.type=ray", "sluice.executors.ray.address=" + ray.address(),
          "sluice.executors.ray.max-in-flight=3", "sluice.executors.ray.poll=50ms").run(ctx -> {
            RayExecutor executor = (RayExecutor) ctx.getBean(ConfiguredExecutors.class).executors().get("ray");
            assertThat(executor.cluster()).isNotNull();
          });
    }
    // a dashboard that does not answer fails the start, naming the executor
    failsWith(runner.withPropertyValues("sluice.executors.ray.type=ray", "sluice.executors.ray.address=http://127.0.0.1:1",
        "sluice.executors.ray.request-timeout=2s"), "sluice.executors.ray (ray) could not be created");
  }

  @Test
  void aKubernetesExecutorIsCreatedFromItsKubeconfigAndNamespace(@TempDir Path dir) throws Exception {
    try (JobSimulator sim = JobSimulator.builder().workDirectory(dir.resolve("sim")).start()) {
      runner.withPropertyValues("sluice.executors.k8s.type=kubernetes",
          "sluice.executors.k8s.kubeconfig=" + sim.kubeconfig(), "sluice.executors.k8s.namespace=" + sim.namespace(),
          "sluice.executors.k8s.image=registry.example.com/qoe:1", "sluice.executors.k8s.env.MODE=batch",
          "sluice.executors.k8s.max-in-flight=7").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            KubernetesExecutor executor =
                (KubernetesExecutor) ctx.getBean(ConfiguredExecutors.class).executors().get("k8s");
            assertThat(executor.namespace()).isEqualTo(sim.namespace());
            assertThat(executor.maxInFlight()).isEqualTo(7);
          });
    }
  }

  private static void failsWith(ApplicationContextRunner runner, String... messages) {
    runner.run(ctx -> {
      assertThat(ctx).hasFailed();
      Throwable failure = ctx.getStartupFailure();
      while (failure.getCause() != null && !(failure instanceof IllegalStateException
          && failure.getMessage().startsWith("sluice.executors"))) {
        failure = failure.getCause();
      }
      for (String m : messages) {
        assertThat(failure.getMessage()).contains(m);
      }
    });
  }
}
