package dev.sluice.core.engine;

import dev.sluice.core.artifact.FileRef;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.GateNode;
import dev.sluice.core.model.GateSpec;
import dev.sluice.core.model.Invoker;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The crash test's workflow: 21 tasks over 6 file artifacts and a 200 ms durable sleep. Every task first appends {@code
 * <run> <node> <pid>} to {@code effects.log} (its side effect), works for a few random
 * milliseconds, then computes a value that only depends on its inputs. seed, 6 shards (each writes
 * a file and returns it), 6 counts (each reads one), 3 mixes, 2 second-level sums, total, a sleep gate (cool-down), released, report.
 */
final class CrashWorkflow {
  static final int SHARDS = 6;

  private CrashWorkflow() {}

  static Path effects(Path dir) {
    return dir.resolve("effects.log");
  }

  /** An engine over the crash test's stores in {@code dir}, its clock ahead by {@code ahead}. */
  static Engine engine(Path dir, String id, Duration ahead) {
    return Engine.builder()
        .parallelism(2)
        .clock(Clock.offset(Clock.systemUTC(), ahead))
        .workDirectory(dir.resolve("work-" + id))
        .store(ArtifactStores.filesystem(dir.resolve("store")))
        .runStore(RunStores.filesystem(dir.resolve("journal")))
        .engineId(id)
        .workflow(spec(dir))
        .build();
  }

  static long expected(long seed) {
    long[] counts = new long[SHARDS];
    for (int k = 0; k < SHARDS; k++) {
      counts[k] = seed * (k + 1) + k;
    }
    long mix0 = counts[0] + counts[1];
    long mix1 = counts[2] + counts[3];
    long mix2 = counts[4] + counts[5];
    return (mix0 + mix1) + (mix1 + mix2) + seed;
  }

  static WorkflowSpec spec(Path dir) {
    WorkflowSpec.Builder b = WorkflowSpec.builder("crash", Long.class);
    b.node(node("seed", Long.class, dir, (args, ctx) -> args[0], Binding.INPUT));
    for (int k = 0; k < SHARDS; k++) {
      int shard = k;
      b.node(node("shard-" + k, FileRef.class, dir, (args, ctx) -> {
        Path scratch = Files.createDirectories(dir.resolve("scratch-" + ProcessHandle.current().pid()));
        Path file = Files.createTempFile(scratch, "shard-" + shard, ".txt");
        Files.writeString(file, Long.toString((Long) args[0] * (shard + 1)));
        return FileRef.of(file);
      }, Binding.output("seed")));
      b.node(node("count-" + k, Long.class, dir, (args, ctx) -> {
        try (InputStream in = ((FileRef) args[0]).open()) {
          return Long.parseLong(new String(in.readAllBytes(), StandardCharsets.UTF_8)) + shard;
        }
      }, Binding.output("shard-" + k)));
    }
    for (int m = 0; m < 3; m++) {
      b.node(node("mix-" + m, Long.class, dir, CrashWorkflow::sum,
          Binding.output("count-" + 2 * m), Binding.output("count-" + (2 * m + 1))));
    }
    b.node(node("level-0", Long.class, dir, CrashWorkflow::sum, Binding.output("mix-0"), Binding.output("mix-1")));
    b.node(node("level-1", Long.class, dir, CrashWorkflow::sum, Binding.output("mix-1"), Binding.output("mix-2")));
    b.node(node("total", Long.class, dir, CrashWorkflow::sum, Binding.output("level-0"), Binding.output("level-1")));
    // a durable sleep: a run killed while it waits resumes with the journaled deadline (passed by then)
    b.node(new GateNode("cool-down", new GateSpec.Sleep(Optional.of(Duration.ofMillis(200)), Optional.empty()),
        List.of(Binding.output("total"))));
    b.node(node("released", Long.class, dir, (args, ctx) -> args[0], Binding.output("total"),
        Binding.output("cool-down")));
    b.node(node("report", Long.class, dir, CrashWorkflow::sum, Binding.output("released"), Binding.output("seed")));
    return b.output(Binding.output("report"), Long.class).build();
  }

  private static Object sum(Object[] args, dev.sluice.core.model.TaskContext ctx) {
    long s = 0;
    for (Object a : args) {
      s += (Long) a;
    }
    return s;
  }

  /** A task node that records its side effect and works a little before {@code body}. */
  private static TaskNode node(String id, Type output, Path dir, Invoker body, Binding... inputs) {
    TaskSpec.Builder t = TaskSpec.builder(id).output(output).jvm((args, ctx) -> {
      String line = ctx.runId() + " " + ctx.nodePath() + " " + ProcessHandle.current().pid() + "\n";
      try {
        Files.writeString(effects(dir), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new IllegalStateException("cannot record the side effect of " + id, e);
      }
      Thread.sleep(ThreadLocalRandom.current().nextInt(5, 30)); // the task's work
      return body.invoke(args, ctx);
    });
    List<Binding> bindings = new ArrayList<>(List.of(inputs));
    for (int i = 0; i < bindings.size(); i++) {
      Binding in = bindings.get(i);
      t.input("in" + i, in instanceof Binding.NodeOutput o && o.nodeId().startsWith("shard-") ? FileRef.class
          : in instanceof Binding.NodeOutput o && o.nodeId().equals("cool-down") ? Instant.class : Long.class);
    }
    return new TaskNode(id, t.build(), bindings);
  }
}
