package dev.sluice.core.engine;

import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.store.ArtifactStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The other process of {@link CacheSharingTest}: runs the shared workflow once on a filesystem
 * store and prints one line, {@code state=<node state> entryRun=<run of the entry used, or -> bodies=<n>
 * run=<this run's id>}.
 */
public final class CacheChild {
  private CacheChild() {}

  /** A workflow squaring its input with a cached task; {@code bodies} counts the real calls. */
  static WorkflowSpec shared(AtomicInteger bodies) {
    return Dag.named("shared")
        .call("square", Dag.task("shared-square", 1, (a, c) -> {
          bodies.incrementAndGet();
          return (Long) a[0] * (Long) a[0];
        }, b -> b.cache(CachePolicy.version("x"))), Dag.INPUT)
        .returning("square");
  }

  public static void main(String[] args) throws Exception {
    AtomicInteger bodies = new AtomicInteger();
    try (Engine engine = Engine.builder().store(ArtifactStores.filesystem(Path.of(args[0]))).build()) {
      RunHandle<Object> run = engine.run(shared(bodies), Long.parseLong(args[1]), RunOptions.DEFAULT);
      run.await(Duration.ofSeconds(30));
      NodeStatus node = run.status().node("square").orElseThrow();
      System.out.println(
          "state=" + node.state() + " entryRun=" + node.cache().map(e -> e.runId()).orElse("-")
              + " bodies=" + bodies.get() + " run=" + run.runId());
    }
  }
}
