package dev.sluice.executor.ray;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;

/**
 * A journaled run with a Ray job in the middle, and {@link #main}: the engine a test kills. Started
 * as {@code DurableRayRun <dir> <dashboard>}, it runs {@link #WORKFLOW} with input {@code <dir>/go},
 * writes the run id to {@code <dir>/run.id} and waits; the Ray job waits for the go file.
 */
public final class DurableRayRun {
  static final Task1<String, String> prep = Task.named("prep").of(f -> f);

  /** Waits until the file named by its input exists, then writes 5. */
  static final Task1<String, Integer> waitForGo = Task.named("wait-for-go")
      .command("sh", "-c", "f=$(sed -e 's/.*\"file\":\"\\([^\"]*\\)\".*/\\1/' \"$SLUICE_INPUTS_URI\");"
          + " while [ ! -f \"$f\" ]; do sleep 0.05; done; echo 5 > \"$SLUICE_OUTPUTS_URI\"")
      .inputNames("file").executor("ray").of(String.class, Integer.class);

  static final Task1<Integer, Integer> plusOne = Task.named("plus-one").of(x -> x + 1);

  static final Workflow<String, Integer> WORKFLOW = Workflow.named("durable-ray", String.class,
      (wf, file) -> wf.call(plusOne, wf.call(waitForGo, wf.call(prep, file))));

  private DurableRayRun() {}

  /** An engine journaling in {@code dir}, its "ray" executor on {@code dashboard}, its clock ahead. */
  static Engine engine(Path dir, URI dashboard, String id, Duration ahead) {
    return Engine.builder()
        .clock(Clock.offset(Clock.systemUTC(), ahead))
        .workDirectory(dir.resolve("work-" + id))
        .store(ArtifactStores.filesystem(dir.resolve("store")))
        .runStore(RunStores.filesystem(dir.resolve("journal")))
        .engineId(id)
        .executor("ray", RayExecutor.connect(RayConfig.builder(dashboard)
            .jvmLauncher(RayHarness.JAVA.toArray(String[]::new))
            .poll(Duration.ofMillis(20))
            .build()))
        .workflows(WORKFLOW)
        .build();
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    try (Engine engine = engine(dir, URI.create(args[1]), "doomed", Duration.ZERO)) {
      var run = engine.run(WORKFLOW, dir.resolve("go").toString(), RunOptions.DEFAULT);
      Path tmp = dir.resolve("run.id.tmp");
      Files.writeString(tmp, run.runId());
      Files.move(tmp, dir.resolve("run.id"), StandardCopyOption.ATOMIC_MOVE);
      run.await(Duration.ofMinutes(2));
    }
  }
}
