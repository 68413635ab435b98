package dev.sluice.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.journal.JournalCorruptException;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.JournalRecord.NodeUpdate;
import dev.sluice.core.journal.JournalRecord.RunStarted;
import dev.sluice.core.journal.JournalRecord.RunUpdate;
import dev.sluice.core.journal.Lease;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.spi.StoredObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Damaged metadata next to the journals (leases, index entries, spec files) on both built-in run
 * stores: what cannot be read is either harmless (a lease: expired; an index entry: rebuilt) or
 * reported as corrupt with the file it is in, never as something else.
 */
class CorruptMetadataTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(30);
  private static final String SPEC = "{\"workflow\":\"wf\",\"nodes\":[]}";

  /** The two built-in run stores, over one folder. */
  enum Kind {
    FILESYSTEM(RunStores::filesystem),
    OBJECTS(root -> RunStores.over(ArtifactStores.filesystem(root)));

    final Function<Path, RunStore> open;

    Kind(Function<Path, RunStore> open) {
      this.open = open;
    }
  }

  @TempDir Path root;

  private RunStore open(Kind kind) {
    return kind.open.apply(root);
  }

  private ArtifactStore files() {
    return ArtifactStores.filesystem(root);
  }

  private static RunStarted started(String run) {
    return new RunStarted(run, "wf", "1", SPEC, "{\"n\":1}", Origin.user("ana"), Map.of(), Optional.empty(), "engine-a", T0);
  }

  private static NodeUpdate node(String run, String name) {
    return new NodeUpdate(run, name, "task", NodeState.SUCCEEDED, 1, Optional.empty(), Optional.empty(),
        Optional.of("1"), Optional.empty(), T0);
  }

  private static RunUpdate ended(String run) {
    return new RunUpdate(run, RunState.SUCCEEDED, "engine-a", Optional.of("1"), Optional.empty(), T0.plusSeconds(5));
  }

  private void overwrite(String prefix, byte[] bytes) {
    ArtifactStore files = files();
    List<String> keys = files.listAll(prefix).map(StoredObject::key).toList();
    assertThat(keys).as("files under %s", prefix).isNotEmpty();
    keys.forEach(k -> files.put(k, bytes));
  }

  /** Item 9: an empty or garbage lease blocked resume forever ("a journal record lacks its 'run' field"). */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void anUnreadableLeaseIsAnExpiredLease(Kind kind) {
    for (String garbage : List.of("", "{\"run\":", "{}", "{\"run\":\"r\",\"owner\":\"a\",\"epoch\":\"x\"}")) {
      String run = "lease-" + Integer.toHexString(garbage.hashCode());
      try (RunStore a = open(kind); RunStore b = open(kind)) {
        a.append(run, 0, List.of(started(run)));
        a.acquire(run, "engine-a", T0, TTL);
        overwrite("runs/" + run + "/lease/", garbage.getBytes(StandardCharsets.UTF_8));

        assertThat(b.runs(RunQuery.builder().orphanedAt(T0.plusSeconds(1)).build()))
            .as("listed as an orphan (lease %s)", garbage).extracting(RunSummary::runId).contains(run);
        Lease taken = b.acquire(run, "engine-b", T0.plusSeconds(1), TTL);
        assertThat(taken.owner()).isEqualTo("engine-b");
        assertThat(taken.epoch()).isEqualTo(2);
        assertThatThrownBy(() -> a.acquire(run, "engine-a", T0.plusSeconds(2), TTL))
            .as("the new lease is live and readable").hasMessageContaining("engine-b");
      }
    }
  }

  /** Item 10: a garbage index entry made an append fail after its records were stored, then conflict on retry. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void aGarbageIndexEntryDoesNotMakeAnAppendLookLikeAConflict(Kind kind) {
    try (RunStore store = open(kind)) {
      store.append("r-idx", 0, List.of(started("r-idx"), node("r-idx", "load")));
      overwrite("journal/index/active/", "not json".getBytes(StandardCharsets.UTF_8));

      store.append("r-idx", 2, List.of(ended("r-idx")));
      store.append("r-idx", 2, List.of(ended("r-idx"))); // the same batch again: a retry after an unknown outcome

      assertThat(store.read("r-idx")).hasSize(3).last().isEqualTo(ended("r-idx"));
      assertThat(open(kind).runs(RunQuery.all())).singleElement()
          .satisfies(s -> assertThat(s.state()).isEqualTo(RunState.SUCCEEDED));
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aGarbageIndexEntryIsListedFromItsJournal(Kind kind) {
    try (RunStore store = open(kind)) {
      store.append("r-list", 0, List.of(started("r-list")));
      overwrite("journal/index/active/", new byte[0]);

      assertThat(open(kind).runs(RunQuery.all())).singleElement()
          .satisfies(s -> assertThat(s.runId()).isEqualTo("r-list"))
          .satisfies(s -> assertThat(s.state()).isEqualTo(RunState.RUNNING));
    }
  }

  /** Item 12: a changed spec file read back as a different workflow ("workflow changed since the run started"). */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void aCorruptSpecFileIsReportedAsCorruptWithItsFile(Kind kind) {
    try (RunStore store = open(kind)) {
      store.append("r-spec", 0, List.of(started("r-spec")));
    }
    overwrite("journal/specs/", SPEC.replace("wf", "wg").getBytes(StandardCharsets.UTF_8));

    try (RunStore fresh = open(kind)) {
      assertThatThrownBy(() -> fresh.read("r-spec"))
          .isInstanceOf(JournalCorruptException.class)
          .hasMessageContaining("is corrupt")
          .hasMessageContaining(root.resolve("journal/specs").toUri().toString());
    }
  }

  /** Item 12: a listed run whose journal could not be read was reported as "no run '<id>'". */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void aListedRunWhoseJournalIsUnreadableIsCorruptNotMissing(Kind kind) throws Exception {
    try (RunStore store = open(kind)) {
      store.append("r-gone", 0, List.of(started("r-gone")));
    }
    Path journal;
    try (var files = Files.walk(root.resolve("runs/r-gone"))) {
      journal = files.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(journal);
    if (kind == Kind.FILESYSTEM) {
      bytes[bytes.length / 2] ^= 0x20; // fails the frame's checksum
    } else {
      bytes = "[{\"type\":".getBytes(StandardCharsets.UTF_8); // an object has no checksum: cut it
    }
    Files.write(journal, bytes);

    try (RunStore fresh = open(kind)) {
      assertThat(fresh.runs(RunQuery.all())).extracting(RunSummary::runId).containsExactly("r-gone");
      assertThatThrownBy(() -> fresh.read("r-gone"))
          .isInstanceOf(JournalCorruptException.class)
          .hasMessageContaining("corrupt")
          .hasMessageContaining(journal.getFileName().toString());
    }
    Files.delete(journal);
    try (RunStore fresh = open(kind)) {
      assertThatThrownBy(() -> fresh.read("r-gone"))
          .isInstanceOf(JournalCorruptException.class)
          .hasMessageContaining("run r-gone is in the run index")
          .hasMessageContaining("journal holds no record");
      assertThat(fresh.read("never-was")).isEmpty();
    }
  }
}
