package dev.sluice.core.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.journal.JournalConflictException;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.JournalRecord.NodeUpdate;
import dev.sluice.core.journal.JournalRecord.RunStarted;
import dev.sluice.core.journal.JournalRecord.RunUpdate;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filesystem run store's asynchronous appends (group commit): many runs' appends in flight at
 * once each land whole and in order, a conflict fails the future rather than being thrown, and a
 * new run's index entry and its end are filed as with the blocking append.
 */
class GroupCommitTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  @TempDir Path dir;

  private static RunStarted started(String run) {
    return new RunStarted(run, "wf", "1", "{}", "null", Origin.user("t"), Map.of(), Optional.empty(), "e", T0);
  }

  private static NodeUpdate node(String run, NodeState state) {
    return new NodeUpdate(run, "task", "task", state, 1, Optional.of("local"), Optional.of(run + "-task-1"),
        state == NodeState.SUCCEEDED ? Optional.of("42") : Optional.empty(), Optional.empty(), T0);
  }

  /**
   * A new run's first append forced its journal file and the run's folder, but never {@code runs/},
   * in which the run's folder is itself a new entry: on a file system that does not order directory
   * entries (ext4 without a journal, as on this project's VMs) a crash could lose the whole run
   * after its first append was acknowledged. Found by the ext4 throughput work.
   */
  @Test
  void theFirstAppendOfANewRunForcesTheRunsFolderThatHoldsTheRunsNewFolder() throws Exception {
    List<Path> forced = java.util.Collections.synchronizedList(new ArrayList<>());
    FramedFileLog log =
        new FramedFileLog(
            dir,
            new Specs(new dev.sluice.core.internal.store.FilesystemArtifactStore(dir)),
            new GroupCommit(forced::add));
    try {
      Path runs = dir.resolve("runs");
      log.appendAsync("r-1", 0, List.of(started("r-1"))).get(30, TimeUnit.SECONDS);
      assertThat(forced).containsExactly(runs.resolve("r-1"), runs);

      forced.clear();
      log.appendAsync("r-1", 1, List.of(node("r-1", NodeState.RUNNING))).get(30, TimeUnit.SECONDS);
      assertThat(forced).as("a later append forces only its file").isEmpty();

      log.append("r-2", 0, List.of(started("r-2"))); // the blocking append does the same
      assertThat(forced).containsExactly(runs.resolve("r-2"), runs);
    } finally {
      log.close();
    }
  }

  @Test
  void concurrentAsyncAppendsOfManyRunsAreAllReadBackInOrder() throws Exception {
    try (DefaultRunStore store = DefaultRunStore.filesystem(dir)) {
      int runs = 200;
      List<CompletableFuture<Void>> firsts = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        firsts.add(store.appendAsync("r-" + i, 0, List.of(started("r-" + i))));
      }
      CompletableFuture.allOf(firsts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      List<CompletableFuture<Void>> ends = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        String run = "r-" + i;
        ends.add(store.appendAsync(run, 1, List.of(node(run, NodeState.RUNNING), node(run, NodeState.SUCCEEDED),
            new RunUpdate(run, RunState.SUCCEEDED, "e", Optional.of("42"), Optional.empty(), T0))));
      }
      CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      for (int i = 0; i < runs; i++) {
        List<JournalRecord> read = store.read("r-" + i);
        assertThat(read).hasSize(4);
        assertThat(read.get(0)).isInstanceOf(RunStarted.class);
        assertThat(read.get(3)).isInstanceOf(RunUpdate.class);
      }
      assertThat(store.runs(RunQuery.all()))
          .hasSize(runs)
          .extracting(RunSummary::state)
          .containsOnly(RunState.SUCCEEDED);
    }
    // another store on the folder (another engine, after a restart) reads the same
    try (DefaultRunStore again = DefaultRunStore.filesystem(dir)) {
      assertThat(again.read("r-7")).hasSize(4);
    }
  }

  @Test
  void anAsyncAppendAfterTheWrongNumberOfRecordsFailsItsFutureWithAConflict() throws Exception {
    try (DefaultRunStore store = DefaultRunStore.filesystem(dir)) {
      store.appendAsync("r-1", 0, List.of(started("r-1"))).get(30, TimeUnit.SECONDS);
      CompletableFuture<Void> stale = store.appendAsync("r-1", 0, List.of(started("r-1"), node("r-1", NodeState.RUNNING)));
      assertThat(stale).failsWithin(Duration.ofSeconds(30))
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOf(JournalConflictException.class)
          .withMessageContaining("holds 1 records, not the 0");
      assertThat(store.read("r-1")).hasSize(1);
    }
  }

  @Test
  void aRetriedAsyncAppendThatIsAlreadyWrittenIsNotWrittenTwice() throws Exception {
    try (DefaultRunStore store = DefaultRunStore.filesystem(dir)) {
      store.appendAsync("r-1", 0, List.of(started("r-1"))).get(30, TimeUnit.SECONDS);
      List<JournalRecord> batch = List.of(node("r-1", NodeState.RUNNING));
      store.appendAsync("r-1", 1, batch).get(30, TimeUnit.SECONDS);
      store.appendAsync("r-1", 1, batch).get(30, TimeUnit.SECONDS); // its outcome was unknown to the caller
      assertThat(store.read("r-1")).hasSize(2);
    }
  }
}
