package dev.sluice.core.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.RunState;
import dev.sluice.core.internal.store.FilesystemArtifactStore;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Empty objects of the filesystem run store (the run index's order keys) are hard links to one empty
 * file, so a new run's order key costs a directory entry and no inode: each reads as the empty file
 * it always was, a write to one replaces only that one, a delete removes only that link, and a gone
 * source is replaced by a new one.
 */
class EmptyObjectLinksTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  @TempDir Path root;

  private static Object inode(Path p) throws Exception {
    return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
  }

  @Test
  void emptyObjectsShareOneEmptyFileYetAreWrittenAndDeletedOneByOne() throws Exception {
    FileMeta meta = new FileMeta(root, new FilesystemArtifactStore(root));
    meta.touch("journal/index/newest/000000000001/k-1");
    meta.touch("journal/index/newest/000000000002/k-2"); // a new hour folder is made for it
    meta.touch("journal/index/newest/000000000002/k-3");
    Path k1 = root.resolve("journal/index/newest/000000000001/k-1");
    Path k2 = root.resolve("journal/index/newest/000000000002/k-2");
    Path k3 = root.resolve("journal/index/newest/000000000002/k-3");
    assertThat(inode(k2)).isEqualTo(inode(k1)).isEqualTo(inode(k3));
    assertThat(meta.exists("journal/index/newest/000000000002/k-2")).isTrue();
    assertThat(meta.read("journal/index/newest/000000000002/k-2")).hasValueSatisfying(b -> assertThat(b).isEmpty());

    // an object that exists is left as it is
    meta.write("journal/index/newest/000000000002/k-4", "x".getBytes(StandardCharsets.UTF_8));
    meta.touch("journal/index/newest/000000000002/k-4");
    assertThat(Files.readString(root.resolve("journal/index/newest/000000000002/k-4"))).isEqualTo("x");

    // a write replaces that one object: the others stay empty
    meta.write("journal/index/newest/000000000002/k-3", "y".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(k3)).isEqualTo("y");
    assertThat(Files.size(k1)).isZero();
    assertThat(Files.size(k2)).isZero();

    // deleting the source (a pruned run's key) removes that link only; the next key gets a new source
    assertThat(meta.delete("journal/index/newest/000000000001/k-1")).isTrue();
    assertThat(Files.exists(k2)).isTrue();
    meta.touch("journal/index/newest/000000000002/k-5");
    meta.touch("journal/index/newest/000000000002/k-6");
    Path k5 = root.resolve("journal/index/newest/000000000002/k-5");
    Path k6 = root.resolve("journal/index/newest/000000000002/k-6");
    assertThat(inode(k5)).isNotEqualTo(inode(k2)).isEqualTo(inode(k6));
    assertThat(Files.size(k5)).isZero();
  }

  /**
   * Through the run store: runs' order keys share one inode; listings newest first, the object
   * layout's reads and pruning see each key as before.
   */
  @Test
  void runsOrderKeysAreLinksThatListAndPruneAsBefore() throws Exception {
    try (RunStore files = RunStores.filesystem(root); RunStore objects = RunStores.over(ArtifactStores.filesystem(root))) {
      for (int i = 0; i < 5; i++) {
        String run = "r-" + i;
        Instant at = T0.plus(Duration.ofMinutes(30L * i));
        files.append(run, 0, List.of(started(run, at), new JournalRecord.RunUpdate(run, RunState.SUCCEEDED, "engine-a",
            Optional.of("1"), Optional.empty(), at.plusSeconds(1))));
      }
      Set<Object> inodes = new HashSet<>();
      try (Stream<Path> keys = Files.walk(root.resolve(RunIndex.NEWEST))) {
        for (Path k : keys.filter(Files::isRegularFile).toList()) {
          assertThat(Files.size(k)).isZero();
          inodes.add(inode(k));
        }
      }
      assertThat(inodes).hasSize(1);
      assertThat(files.runs(RunQuery.builder().limit(2).build())).extracting(RunSummary::runId)
          .containsExactly("r-4", "r-3");
      assertThat(objects.runs(RunQuery.builder().build())).extracting(RunSummary::runId)
          .containsExactly("r-4", "r-3", "r-2", "r-1", "r-0");

      assertThat(files.prune(T0.plus(Duration.ofMinutes(61)))).containsExactlyInAnyOrder("r-0", "r-1", "r-2");
      assertThat(files.runs(RunQuery.builder().build())).extracting(RunSummary::runId).containsExactly("r-4", "r-3");
      files.append("r-9", 0, List.of(started("r-9", T0.plus(Duration.ofHours(5)))));
      assertThat(files.runs(RunQuery.builder().build())).extracting(RunSummary::runId)
          .containsExactly("r-9", "r-4", "r-3");
    }
  }

  private static JournalRecord.RunStarted started(String run, Instant at) {
    return new JournalRecord.RunStarted(run, "wf", "1", "{\"workflow\":\"wf\",\"nodes\":[]}", "0", Origin.user("t"),
        Map.of(), Optional.empty(), "engine-a", at);
  }
}
