package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.RunStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link CrashWorkflow} in a child JVM, kills it with SIGKILL at a random point (after a
 * random number of its nodes were journaled as succeeded, plus a random delay), sometimes resumes
 * it in a second child and kills that too, then resumes it in this JVM. Every run must end with the
 * right output, no node journaled as succeeded before a kill may run again after it (the side-effect
 * log says which ran), and every artifact must still be readable. {@code -Dsluice.crash.kills=N}
 * sets the number of runs (default 20); {@code benchmarks/crash-soak.sh} runs 200 and prints the
 * figures this test prints.
 */
class CrashResumeTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Nodes that end with an output: 21 tasks and the cool-down sleep gate. */
  private static final int NODES = 22;
  /** Nodes that log a side effect: the tasks. */
  private static final int TASKS = 21;

  @TempDir Path dir;

  /** What one kill left behind: the nodes journaled as succeeded, and how long the effects log was. */
  private record Snapshot(Set<String> succeeded, int effects) {}

  @Test
  void runsKilledAtRandomMomentsResumeWithTheRightOutputAndNoSucceededTaskRunTwice() throws Exception {
    int runs = Integer.getInteger("sluice.crash.kills", 20);
    long randomSeed = Long.getLong("sluice.crash.seed", System.nanoTime());
    Random random = new Random(randomSeed);
    int kills = 0;
    int midRun = 0;
    int reran = 0;
    long resumeNanos = 0;
    RunStore journal = RunStores.filesystem(dir.resolve("journal"));
    long started = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      long seed = i + 1;
      String runId = null;
      List<Snapshot> snapshots = new ArrayList<>();
      int lives = random.nextInt(4) == 0 ? 2 : 1; // a quarter of the runs are killed twice
      for (int life = 0; life < lives; life++) {
        List<String> args = life == 0 ? List.of("start", dir.toString(), Long.toString(seed))
            : List.of("resume", dir.toString(), runId);
        killChild(args, journal, random);
        runId = Files.readString(dir.resolve("run.id"));
        Snapshot s = snapshot(journal, runId); // what the journal holds once the child is dead
        snapshots.add(s);
        kills++;
        if (!s.succeeded().isEmpty() && s.succeeded().size() < NODES) {
          midRun++;
        }
      }
      long t0 = System.nanoTime();
      try (Engine engine = CrashWorkflow.engine(dir, "test", Duration.ofHours(2))) {
        assertThat(engine.resume(runId).await(WAIT)).as("run %s (seed %d)", runId, randomSeed)
            .isEqualTo(CrashWorkflow.expected(seed));
      }
      resumeNanos += System.nanoTime() - t0;
      List<String> effects = effects(runId);
      for (Snapshot s : snapshots) {
        List<String> after = effects.subList(Math.min(s.effects(), effects.size()), effects.size());
        assertThat(after).as("run %s: nodes journaled as succeeded before a kill that ran again after it (seed %d)",
            runId, randomSeed).noneMatch(s.succeeded()::contains);
      }
      RunHistory history = RunHistory.of(journal.read(runId));
      assertThat(history.state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(history.nodes()).hasSize(NODES).allMatch(n -> n.state() == NodeState.SUCCEEDED);
      assertThat(Set.copyOf(effects)).hasSize(TASKS);
      reran += effects.size() - TASKS;
    }
    assertThat(kills).isGreaterThanOrEqualTo(runs);
    assertThat(midRun).as("kills that cut a run short").isGreaterThan(runs / 2);
    System.out.printf(
        "crash test: %d runs, %d kills (%d mid-run), %d task executions repeated (never one journaled as "
            + "succeeded), %.0f ms per resume, %.1f s in all, random seed %d%n",
        runs, kills, midRun, reran, resumeNanos / 1e6 / runs, (System.nanoTime() - started) / 1e9, randomSeed);
  }

  /** Starts a child, waits for its run id and for a random number of its nodes to succeed, kills it. */
  private void killChild(List<String> args, RunStore journal, Random random) throws Exception {
    Files.deleteIfExists(dir.resolve("run.id"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), CrashChild.class.getName()));
    command.addAll(args);
    Process child = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("children.log").toFile()))
        .start();
    try {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!Files.exists(dir.resolve("run.id"))) {
        assertThat(child.isAlive()).as("child alive (see %s)", dir.resolve("children.log")).isTrue();
        assertThat(System.nanoTime()).as("child started its run").isLessThan(deadline);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      }
      String runId = Files.readString(dir.resolve("run.id"));
      int target = random.nextInt(NODES + 2); // up to NODES + 1: sometimes after the run's end
      while (child.isAlive() && snapshot(journal, runId).succeeded().size() < Math.min(target, NODES)) {
        assertThat(System.nanoTime()).as("child progressing").isLessThan(deadline);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextInt(15)));
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
  }

  private Snapshot snapshot(RunStore journal, String runId) throws IOException {
    List<JournalRecord> records = journal.read(runId);
    Set<String> succeeded = records.isEmpty() ? Set.of() : RunHistory.of(records).nodes().stream()
        .filter(n -> n.state().hasOutput()).map(NodeHistory::path).collect(Collectors.toCollection(TreeSet::new));
    return new Snapshot(succeeded, effects(runId).size());
  }

  /** The nodes of {@code runId} that started, in the order the effects log has them. */
  private List<String> effects(String runId) throws IOException {
    Path log = CrashWorkflow.effects(dir);
    if (!Files.exists(log)) {
      return List.of();
    }
    List<String> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      String[] parts = line.split(" ");
      if (parts.length == 3 && parts[0].equals(runId)) {
        nodes.add(parts[1]);
      }
    }
    return nodes;
  }
}
