package dev.sluice.core.engine;

import dev.sluice.core.model.Approval;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.GateNode;
import dev.sluice.core.model.GateSpec;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The gate crash test's child JVM: {@code <dir> <seed>} starts a run of {@link #spec} (train, an
 * approval with a 1 h timeout, deploy), writes its id to {@code <dir>/run.id} and waits; the test
 * kills it with SIGKILL while the approval waits.
 */
public final class GateCrashChild {
  private GateCrashChild() {}

  static WorkflowSpec spec() {
    TaskSpec train = TaskSpec.builder("train").input("seed", Long.class).output(Long.class)
        .jvm((args, ctx) -> (Long) args[0] + 1).build();
    TaskSpec deploy = TaskSpec.builder("deploy").input("model", Long.class).input("decision", Approval.class)
        .output(Long.class)
        .jvm((args, ctx) -> ((Approval) args[1]).approved() ? (Long) args[0] + 1000 : (Long) args[0])
        .build();
    GateSpec approve = new GateSpec.Signal("approve", Approval.class, Optional.empty(),
        Optional.of(Duration.ofHours(1)), GateSpec.OnTimeout.use(Approval.reject("sluice", "timeout")), false);
    return WorkflowSpec.builder("gate-crash", Long.class)
        .node(new TaskNode("train", train, List.of(Binding.INPUT)))
        .node(new GateNode("approve", approve, List.of(Binding.output("train"))))
        .node(new TaskNode("deploy", deploy, List.of(Binding.output("train"), Binding.output("approve"))))
        .output(Binding.output("deploy"), Long.class)
        .build();
  }

  static Engine engine(Path dir, String id, Duration ahead) {
    return Engine.builder()
        .parallelism(2)
        .clock(Clock.offset(Clock.systemUTC(), ahead))
        .workDirectory(dir.resolve("work-" + id))
        .store(ArtifactStores.filesystem(dir.resolve("store")))
        .runStore(RunStores.filesystem(dir.resolve("journal")))
        .engineId(id)
        .workflow(spec())
        .build();
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    try (Engine engine = engine(dir, "child-" + ProcessHandle.current().pid(), Duration.ZERO)) {
      RunHandle<Object> run = engine.run(spec(), Long.parseLong(args[1]), RunOptions.DEFAULT);
      Path tmp = dir.resolve("run.id.tmp");
      Files.writeString(tmp, run.runId());
      Files.move(tmp, dir.resolve("run.id"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      run.await(Duration.ofMinutes(5));
    }
  }
}
