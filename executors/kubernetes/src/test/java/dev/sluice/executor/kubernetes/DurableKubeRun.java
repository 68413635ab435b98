package dev.sluice.executor.kubernetes;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;

/**
 * A journaled run with a Kubernetes Job in the middle, and {@link #main}: the engine a test kills.
 * Started as {@code DurableKubeRun <dir> <kubeconfig>}, it runs {@link #WORKFLOW} with input
 * {@code <dir>/go}, writes the run id to {@code <dir>/run.id} and waits; the Job's container waits
 * for the go file.
 */
public final class DurableKubeRun {
  static final Task1<String, String> prep = Task.named("prep").of(f -> f);

  static final Task1<Integer, Integer> plusOne = Task.named("plus-one").of(x -> x + 1);

  static final Workflow<String, Integer> WORKFLOW = Workflow.named("durable-k8s", String.class,
      (wf, file) -> wf.call(plusOne, wf.call(KubeTasks.waitForFile, wf.call(prep, file))));

  private DurableKubeRun() {}

  /** An engine journaling in {@code dir}, its "k8s" executor on the simulator, its clock ahead. */
  static Engine engine(Path dir, Path kubeconfig, String id, Duration ahead) {
    return Engine.builder()
        .clock(Clock.offset(Clock.systemUTC(), ahead))
        .workDirectory(dir.resolve("work-" + id))
        .store(ArtifactStores.filesystem(dir.resolve("store")))
        .runStore(RunStores.filesystem(dir.resolve("journal")))
        .engineId(id)
        .executor("k8s", KubernetesExecutor.create(KubernetesConfig.builder()
            .kubeconfig(kubeconfig)
            .image("registry.example.com/sluice-tests:1")
            .podLostGrace(Duration.ofMillis(300))
            .apiRetries(4, Duration.ofMillis(20))
            .build()))
        .workflows(WORKFLOW)
        .build();
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    try (Engine engine = engine(dir, Path.of(args[1]), "doomed", Duration.ZERO)) {
      var run = engine.run(WORKFLOW, dir.resolve("go").toString(), RunOptions.DEFAULT);
      Path tmp = dir.resolve("run.id.tmp");
      Files.writeString(tmp, run.runId());
      Files.move(tmp, dir.resolve("run.id"), StandardCopyOption.ATOMIC_MOVE);
      run.await(Duration.ofMinutes(2));
    }
  }
}
