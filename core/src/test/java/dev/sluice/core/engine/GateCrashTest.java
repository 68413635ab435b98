package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.model.Approval;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a JVM while its run waits at an approval: a signal sent meanwhile through the journal
 * is kept in the store; the run resumed in this JVM keeps the gate's journaled deadline and applies
 * the signal once.
 */
class GateCrashTest {
  @TempDir Path dir;

  @Test
  void aRunKilledWhileWaitingResumesElsewhereWithItsDeadlineAndTheSignalSentMeanwhile() throws Exception {
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), GateCrashChild.class.getName(), dir.toString(), "41")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log").toFile()))
        .start();
    String runId;
    Instant deadline;
    try (RunStore runs = RunStores.filesystem(dir.resolve("journal"))) {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(dir.resolve("run.id")) || !waiting(runs, Files.readString(dir.resolve("run.id")))) {
        assertThat(child.isAlive()).as("child alive (see %s)", dir.resolve("child.log")).isTrue();
        assertThat(System.nanoTime()).as("the child's gate waits").isLessThan(until);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      runId = Files.readString(dir.resolve("run.id"));
      child.destroyForcibly().waitFor();

      RunJournal journal = RunJournal.of(runs, ArtifactStores.filesystem(dir.resolve("store")), Clock.systemUTC());
      deadline = journal.waitingGates(runId).get(0).deadline().orElseThrow();
      assertThat(journal.signal(runId, "approve", Approval.approve("ada", "after the crash"), "sig-1"))
          .isEqualTo(SignalOutcome.STORED);
      assertThat(journal.signal(runId, "approve", Approval.approve("ada", "after the crash"), "sig-1"))
          .isEqualTo(SignalOutcome.DUPLICATE);
    }
    // 50 minutes ahead: the killed owner's lease (30 s) has lapsed, the gate's deadline (1 h after it started) not
    try (Engine engine = GateCrashChild.engine(dir, "test", Duration.ofMinutes(50))) {
      assertThat(engine.resume(runId).await(Duration.ofSeconds(30))).isEqualTo(1042L);
    }
    try (RunStore runs = RunStores.filesystem(dir.resolve("journal"))) {
      RunHistory history = RunHistory.of(runs.read(runId));
      assertThat(history.signals()).singleElement().satisfies(s -> assertThat(s.signalId()).isEqualTo("sig-1"));
      List<Instant> deadlines = history.records().stream().filter(r -> r instanceof JournalRecord.GateWaiting)
          .map(r -> ((JournalRecord.GateWaiting) r).deadline().orElseThrow()).toList();
      assertThat(deadlines).as("the resumed gate keeps the first deadline").hasSize(2).containsOnly(deadline);
    }
  }

  private static boolean waiting(RunStore runs, String runId) {
    var records = runs.read(runId);
    return !records.isEmpty() && RunHistory.of(records).node("approve").map(NodeHistory::state)
        .orElse(null) == NodeState.WAITING;
  }
}
