package dev.sluice.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunFailedException;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.testing.kubernetes.JobSimulator;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * A test's Kubernetes: the job simulator on fabric8's mock server, enforcing the executor's RBAC
 * Role from docs/kubernetes.md, a filesystem store, an executor configured for the simulator and an
 * engine with it registered as "k8s".
 */
final class SimulatedKubernetes implements AutoCloseable {
  final JobSimulator sim;
  final Path dir;
  final ArtifactStore store;
  KubernetesExecutor executor;

  SimulatedKubernetes() {
    this(JobSimulator.builder());
  }

  SimulatedKubernetes(JobSimulator.Builder simulator) {
    try {
      dir = Files.createTempDirectory("sluice-k8s-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sim = simulator.workDirectory(dir.resolve("sim")).role(DocumentedRoles.executor()).start();
    store = ArtifactStores.filesystem(dir.resolve("store"));
  }

  /** The configuration tests start from: the simulator's kubeconfig, quick failure detection. */
  KubernetesConfig.Builder config() {
    return KubernetesConfig.builder()
        .kubeconfig(sim.kubeconfig())
        .image("registry.example.com/sluice-tests:1")
        .podLostGrace(Duration.ofMillis(300))
        .apiRetries(4, Duration.ofMillis(20));
  }

  KubernetesExecutor executor(UnaryOperator<KubernetesConfig.Builder> options) {
    executor = KubernetesExecutor.create(options.apply(config()).build());
    return executor;
  }

  /** An engine with a new executor registered as "k8s". */
  Engine engine(UnaryOperator<KubernetesConfig.Builder> options) {
    return Engine.builder().store(store).workDirectory(dir.resolve("work")).executor("k8s", executor(options)).build();
  }

  Engine engine() {
    return engine(b -> b);
  }

  List<Job> jobs() {
    return sim.client().batch().v1().jobs().inNamespace(sim.namespace()).list().getItems();
  }

  static void await(String what, BooleanSupplier condition) throws TimeoutException, InterruptedException {
    // Generous: a child JVM that starts an engine took over 30 s at load 30 on 2 cores. A deadline
    // only bounds how long a broken test hangs; a passing one returns as soon as the condition holds.
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("waited 90 s for: " + what);
      }
      Thread.sleep(10);
    }
  }

  /** Awaits the run's failure and returns the exception of the node that failed. */
  static Throwable failureOf(RunHandle<?> run, String node) {
    assertThatThrownBy(() -> run.await(Duration.ofSeconds(120))).isInstanceOf(RunFailedException.class);
    return run.status().node(node).orElseThrow().error().orElseThrow().cause();
  }

  /** A one-task workflow. */
  static <I, O> Workflow<I, O> single(Task1<I, O> task, Class<I> input) {
    return Workflow.named("single-" + task.spec().name(), input, (wf, x) -> wf.call(task, x));
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.close();
    }
    sim.close();
    store.close();
  }
}
