package dev.sluice.core.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.internal.store.FilesystemArtifactStore;
import dev.sluice.core.journal.JournalConflictException;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.JournalRecord.NodeUpdate;
import dev.sluice.core.journal.JournalRecord.RunStarted;
import dev.sluice.core.journal.JournalRecord.RunUpdate;
import dev.sluice.core.journal.Origin;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filesystem journal keeps a run's file open between its appends ({@link OpenJournals}): only
 * while it is still the run's journal, closed at the run's end, when idle, beyond the bound, and never
 * under an append that uses it.
 */
class OpenJournalsTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  @TempDir Path dir;

  private FramedFileLog log() {
    return new FramedFileLog(dir, new Specs(new FilesystemArtifactStore(dir)));
  }

  private static RunStarted started(String run) {
    return new RunStarted(run, "wf", "1", "{}", "null", Origin.user("t"), Map.of(), Optional.empty(), "e", T0);
  }

  private static NodeUpdate node(String run, NodeState state) {
    return new NodeUpdate(run, "task", "task", state, 1, Optional.of("local"), Optional.of(run + "-task-1"),
        Optional.empty(), Optional.empty(), T0);
  }

  private static RunUpdate end(String run) {
    return new RunUpdate(run, RunState.SUCCEEDED, "e", Optional.of("42"), Optional.empty(), T0);
  }

  private FileChannel channel() throws Exception {
    Path f = Files.createTempFile(dir, "journal", ".log");
    return FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  @Test
  void aRunsJournalStaysOpenBetweenItsAppendsAndIsClosedOnceItsEndIsForced() throws Exception {
    try (FramedFileLog log = log()) {
      log.appendAsync("r-1", 0, List.of(started("r-1"))).get(30, TimeUnit.SECONDS);
      log.appendAsync("r-1", 1, List.of(node("r-1", NodeState.RUNNING))).get(30, TimeUnit.SECONDS);
      assertThat(log.openFiles()).isEqualTo(1);
      log.append("r-1", 2, List.of(node("r-1", NodeState.SUCCEEDED), end("r-1")));
      assertThat(log.openFiles()).isZero();
      assertThat(log.read("r-1")).hasSize(4);
    }
  }

  @Test
  void aJournalDeletedWhileItsFileIsKeptOpenIsNotAppendedToUnseen() throws Exception {
    try (FramedFileLog log = log()) {
      log.appendAsync("r-1", 0, List.of(started("r-1"))).get(30, TimeUnit.SECONDS);
      Files.delete(log.file("r-1")); // by hand, or a prune elsewhere: the kept descriptor still writes the old file

      assertThatThrownBy(() -> log.append("r-1", 1, List.of(node("r-1", NodeState.RUNNING))))
          .isInstanceOf(JournalConflictException.class)
          .hasMessageContaining("holds 0 records, not the 1");
    }
  }

  @Test
  void aJournalReplacedWhileItsFileIsKeptOpenIsAppendedToInItsNewFile() throws Exception {
    try (FramedFileLog log = log()) {
      log.appendAsync("r-1", 0, List.of(started("r-1"))).get(30, TimeUnit.SECONDS);
      Path file = log.file("r-1");
      Path copy = file.resolveSibling("copy.log");
      Files.copy(file, copy);
      Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE); // a restore

      log.appendAsync("r-1", 1, List.of(node("r-1", NodeState.RUNNING))).get(30, TimeUnit.SECONDS);
      assertThat(log.read("r-1")).hasSize(2);
    }
  }

  @Test
  void anotherWritersAppendToAKeptFileIsSeenAsAConflict() throws Exception {
    try (FramedFileLog mine = log(); FramedFileLog theirs = log()) {
      mine.appendAsync("r-1", 0, List.of(started("r-1"))).get(30, TimeUnit.SECONDS);
      theirs.append("r-1", 1, List.of(node("r-1", NodeState.RUNNING)));

      assertThatThrownBy(() -> mine.append("r-1", 1, List.of(node("r-1", NodeState.RUNNING), end("r-1"))))
          .isInstanceOf(JournalConflictException.class);
      assertThat(mine.read("r-1")).hasSize(2);
    }
  }

  @Test
  void aFileInUseIsClosedByItsLastUserOnceRetired() throws Exception {
    OpenJournals journals = new OpenJournals();
    FileChannel ch = channel();
    OpenJournals.Handle h = journals.add("r-1", ch, "id");
    OpenJournals.Handle again = journals.take("r-1");
    journals.retire(h);
    journals.release(h);
    assertThat(ch.isOpen()).isTrue(); // its fsync may still be running
    journals.release(again);
    assertThat(ch.isOpen()).isFalse();
    assertThat(journals.take("r-1")).isNull();
  }

  @Test
  void idleFilesAndTheLeastRecentlyUsedBeyondTheBoundAreClosed() throws Exception {
    AtomicLong now = new AtomicLong();
    try (OpenJournals journals = new OpenJournals(now::get)) {
      List<FileChannel> channels = new ArrayList<>();
      for (int i = 0; i <= OpenJournals.MAX_OPEN; i++) {
        FileChannel ch = channel();
        channels.add(ch);
        journals.release(journals.add("r-" + i, ch, "id-" + i));
      }
      assertThat(journals.size()).isEqualTo(OpenJournals.MAX_OPEN);
      assertThat(channels.get(0).isOpen()).isFalse();
      assertThat(channels.get(1).isOpen()).isTrue();

      journals.release(journals.take("r-1")); // used now: stays
      now.addAndGet(OpenJournals.IDLE_NANOS - 1);
      FileChannel fresh = channel();
      journals.release(journals.add("r-new", fresh, "id-new"));
      assertThat(channels.get(1).isOpen()).isTrue();
      assertThat(channels.get(2).isOpen()).isFalse(); // beyond the bound
      now.addAndGet(2);
      journals.release(journals.add("r-newer", channel(), "id-newer"));
      assertThat(channels.subList(1, channels.size())).noneMatch(FileChannel::isOpen); // idle too long
      assertThat(fresh.isOpen()).isTrue();
      assertThat(journals.size()).isEqualTo(2);
    }
  }

  @Test
  void aFileWhoseIdentityIsUnknownOrOpenedAfterCloseIsNotKept() throws Exception {
    OpenJournals journals = new OpenJournals();
    FileChannel unknown = channel();
    journals.release(journals.add("r-1", unknown, null));
    assertThat(unknown.isOpen()).isFalse();

    FileChannel kept = channel();
    journals.release(journals.add("r-2", kept, "id"));
    journals.close();
    assertThat(kept.isOpen()).isFalse();
    FileChannel late = channel();
    journals.release(journals.add("r-3", late, "id"));
    assertThat(late.isOpen()).isFalse();
  }
}
