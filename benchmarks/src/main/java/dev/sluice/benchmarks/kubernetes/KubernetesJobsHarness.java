package dev.sluice.benchmarks.kubernetes;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import dev.sluice.executor.kubernetes.KubernetesConfig;
import dev.sluice.executor.kubernetes.KubernetesExecutor;
import dev.sluice.testing.kubernetes.JobFault;
import dev.sluice.testing.kubernetes.JobSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Measures the Kubernetes executor against fabric8's mock API server and the job simulator:
 *
 * <ol>
 *   <li>API calls per Job lifecycle (success, non-zero exit, cancellation, lost pod), counted at
 *       the server, plus the one-time cost of starting an executor;
 *   <li>end-to-end time of {@code N} (default 500) concurrent trivial Jobs through the engine, with
 *       the simulator in status-only mode, next to the floor: the same Jobs created and watched
 *       with fabric8 alone ({@link Fabric8Floor}) in the same run.
 * </ol>
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests -Pbench
 * java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.kubernetes.KubernetesJobsHarness [jobs] [rounds]
 * </pre>
 */
public final class KubernetesJobsHarness {
  private static final Task1<Integer, Integer> trivial = Task.named("trivial")
      .command("sh", "-c", "echo 1 > \"$SLUICE_OUTPUTS_URI\"").executor("k8s").of(Integer.class, Integer.class);
  private static final Task1<Integer, Integer> failing = Task.named("failing")
      .command("sh", "-c", "echo boom; exit 3").executor("k8s").of(Integer.class, Integer.class);
  private static final Task1<Integer, Integer> sleeping = Task.named("sleeping")
      .command("sh", "-c", "sleep 30").executor("k8s").of(Integer.class, Integer.class);

  private KubernetesJobsHarness() {}

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Files.createTempDirectory("sluice-k8s-bench");
    apiCallsPerLifecycle(dir.resolve("calls"));
    overhead(dir.resolve("overhead"), jobs, rounds);
  }

  private static void apiCallsPerLifecycle(Path dir) throws Exception {
    try (JobSimulator sim = JobSimulator.builder().workDirectory(dir.resolve("sim")).start();
        ArtifactStore store = ArtifactStores.filesystem(dir.resolve("store"))) {
      KubernetesExecutor executor = KubernetesExecutor.create(config(sim).podLostGrace(Duration.ofMillis(200)).build());
      System.out.println("API calls of starting an executor: " + sim.requestCounts());
      try (Engine engine = Engine.builder().store(store).workDirectory(dir.resolve("work")).executor("k8s", executor).build()) {
        print("succeeded", sim, () -> await(engine.run(single(trivial), 1)));
        print("exit 3", sim, () -> await(engine.run(single(failing), 1)));
        print("cancelled", sim, () -> {
          RunHandle<Integer> run = engine.run(single(sleeping), 1);
          waitFor(() -> !sim.client().batch().v1().jobs().inNamespace(sim.namespace()).list().getItems().isEmpty()
              && sim.requestCounts().containsKey("create jobs"));
          run.cancel();
          waitFor(() -> sim.requestCounts().containsKey("delete jobs"));
        });
        sim.inject(JobFault.podDeleted("trivial").once());
        print("pod lost", sim, () -> {
          await(engine.run(single(trivial), 1));
          waitFor(() -> sim.requestCounts().containsKey("delete jobs"));
        });
      }
    }
  }

  private static void print(String lifecycle, JobSimulator sim, Runnable scenario) {
    sim.resetRequestCounts();
    scenario.run();
    Map<String, Integer> counts = sim.requestCounts();
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(Locale.ROOT, "API calls per Job, %-10s %d %s%n", lifecycle + ":", total, counts);
  }

  private static void overhead(Path dir, int jobs, int rounds) throws Exception {
    Workflow<Integer, Integer> fan = Workflow.named("fan", Integer.class, (wf, x) -> {
      List<Value<Integer>> all = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        all.add(wf.call(trivial, x));
      }
      return all.get(jobs - 1);
    });
    try (JobSimulator sim = JobSimulator.builder().workDirectory(dir.resolve("sim")).statusOnly(job -> "1").start();
        ArtifactStore store = ArtifactStores.filesystem(dir.resolve("store"));
        Engine engine = Engine.builder().store(store).workDirectory(dir.resolve("work"))
            .executor("k8s", KubernetesExecutor.create(config(sim).maxJobsInFlight(jobs).build())).build();
        Fabric8Floor floor = new Fabric8Floor(sim.kubeconfig(), sim.namespace(), store.root())) {
      long[] sluice = new long[rounds];
      long[] alone = new long[rounds];
      for (int r = -1; r < rounds; r++) { // round -1 warms up both
        clean(sim);
        long t0 = System.nanoTime();
        await(engine.run(fan, 1));
        long t1 = System.nanoTime();
        clean(sim);
        long t2 = System.nanoTime();
        floor.run(jobs, "r" + (r + 1));
        long t3 = System.nanoTime();
        if (r >= 0) {
          sluice[r] = t1 - t0;
          alone[r] = t3 - t2;
        }
        System.out.printf(Locale.ROOT, "round %d: %d Jobs through the engine %.0f ms, with fabric8 alone %.0f ms%n",
            r + 1, jobs, (t1 - t0) / 1e6, (t3 - t2) / 1e6);
      }
      double s = median(sluice) / 1e6;
      double f = median(alone) / 1e6;
      System.out.printf(Locale.ROOT, "median of %d rounds: engine %.0f ms, fabric8 alone %.0f ms, overhead %.0f ms"
          + " = %.2f ms per Job%n", rounds, s, f, s - f, (s - f) / jobs);
    }
  }

  private static KubernetesConfig.Builder config(JobSimulator sim) {
    return KubernetesConfig.builder().kubeconfig(sim.kubeconfig()).image("bench:1");
  }

  private static Workflow<Integer, Integer> single(Task1<Integer, Integer> task) {
    return Workflow.named("one-" + task.spec().name(), Integer.class, (wf, x) -> wf.call(task, x));
  }

  private static void await(RunHandle<Integer> run) {
    try {
      run.await(Duration.ofMinutes(5));
    } catch (RuntimeException e) {
      // failure and lost scenarios end this way; their API calls are what is measured
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("a run did not end within 5 minutes", e);
    }
  }

  private static void clean(JobSimulator sim) {
    sim.client().batch().v1().jobs().inNamespace(sim.namespace()).delete();
    waitFor(() -> sim.client().batch().v1().jobs().inNamespace(sim.namespace()).list().getItems().isEmpty());
  }

  private static void waitFor(Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("waited 2 minutes in vain");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
