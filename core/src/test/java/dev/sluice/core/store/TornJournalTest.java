package dev.sluice.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.NodeState;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.JournalRecord.NodeUpdate;
import dev.sluice.core.journal.JournalRecord.RunStarted;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.spi.RunStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash can cut the filesystem journal's last append short at any byte, or leave garbage where it
 * was going: readers must get every complete append and nothing else, and the next writer must
 * carry on after the last complete one.
 */
class TornJournalTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  @TempDir Path dir;

  private final List<JournalRecord> written = new ArrayList<>();
  /** File size after each append. */
  private final List<Long> sizes = new ArrayList<>();
  private byte[] full;
  private Path original;

  private static NodeUpdate node(String name, NodeState state) {
    return new NodeUpdate(
        "r-1", name, "task", state, 1, Optional.of("local"), Optional.of("r-1-" + name + "-1"),
        state == NodeState.SUCCEEDED ? Optional.of("{\"rows\":" + name.length() + "}") : Optional.empty(),
        Optional.empty(), T0);
  }

  private static Path journal(Path root) {
    return root.resolve("runs").resolve("r-1").resolve("journal.log");
  }

  @BeforeEach
  void writeThreeAppends() throws IOException {
    Path root = dir.resolve("original");
    original = root;
    try (RunStore store = RunStores.filesystem(root)) {
      List<List<JournalRecord>> batches =
          List.of(
              List.of(new RunStarted("r-1", "wf", "1", "{}", "null", Origin.user("t"), Map.of(), Optional.empty(), "e", T0)),
              List.of(node("load", NodeState.RUNNING), node("load", NodeState.SUCCEEDED)),
              List.of(node("train", NodeState.RUNNING), node("train", NodeState.SUCCEEDED), node("eval", NodeState.QUEUED)));
      for (List<JournalRecord> batch : batches) {
        store.append("r-1", written.size(), batch);
        written.addAll(batch);
        sizes.add(Files.size(journal(root)));
      }
    }
    full = Files.readAllBytes(journal(root));
  }

  /** A copy of the run store with the journal's first {@code length} bytes, then {@code tail}. */
  private Path copy(String name, int length, byte[] tail) throws IOException {
    Path root = dir.resolve(name);
    copySpecs(root);
    byte[] bytes = Arrays.copyOf(full, length + tail.length);
    System.arraycopy(tail, 0, bytes, length, tail.length);
    Files.write(journal(root), bytes);
    return root;
  }

  /** The workflow specs the journal refers to, kept once per spec next to the journals. */
  private void copySpecs(Path root) throws IOException {
    Path specs = root.resolve("journal").resolve("specs");
    Files.createDirectories(specs);
    Files.createDirectories(journal(root).getParent());
    try (var files = Files.list(original.resolve("journal").resolve("specs"))) {
      for (Path f : files.toList()) {
        Files.copy(f, specs.resolve(f.getFileName()));
      }
    }
  }

  @Test
  void aLastAppendCutAnywhereIsIgnoredAndTheNextWriterAppendsAfterTheRest() throws IOException {
    int secondEnd = sizes.get(1).intValue();
    List<JournalRecord> firstTwo = written.subList(0, 3);
    for (int cut = secondEnd; cut < full.length; cut += cut - secondEnd < 16 ? 1 : 5) {
      Path root = copy("cut-" + cut, cut, new byte[0]);
      try (RunStore store = RunStores.filesystem(root)) {
        assertThat(store.read("r-1")).as("cut at byte %d", cut).isEqualTo(firstTwo);
        store.append("r-1", 3, List.of(node("retrain", NodeState.QUEUED)));
      }
      try (RunStore reader = RunStores.filesystem(root)) {
        List<JournalRecord> expected = new ArrayList<>(firstTwo);
        expected.add(node("retrain", NodeState.QUEUED));
        assertThat(reader.read("r-1")).as("cut at byte %d, then appended", cut).isEqualTo(expected);
      }
    }
    assertThat(full.length - secondEnd).isGreaterThan(100);
  }

  @Test
  void aLastAppendWithAFlippedBitFailsItsChecksumAndIsIgnored() throws IOException {
    int secondEnd = sizes.get(1).intValue();
    for (int at = secondEnd; at < full.length; at += 11) {
      Path root = dir.resolve("flip-" + at);
      copySpecs(root);
      byte[] bytes = full.clone();
      bytes[at] ^= 0x10;
      Files.write(journal(root), bytes);
      try (RunStore store = RunStores.filesystem(root)) {
        assertThat(store.read("r-1")).as("bit flipped at byte %d", at).isEqualTo(written.subList(0, 3));
      }
    }
  }

  @Test
  void garbageAfterTheLastAppendIsIgnoredAndOverwritten() throws IOException {
    byte[] header = ByteBuffer.allocate(12).putInt(1 << 20).putInt(1).putInt(42).array();
    Path root = copy("garbage", full.length, header);
    try (RunStore store = RunStores.filesystem(root)) {
      assertThat(store.read("r-1")).isEqualTo(written);
      store.append("r-1", written.size(), List.of(node("deploy", NodeState.QUEUED)));
    }
    try (RunStore reader = RunStores.filesystem(root)) {
      assertThat(reader.read("r-1")).hasSize(written.size() + 1).last().isEqualTo(node("deploy", NodeState.QUEUED));
    }
  }

  /**
   * Item 8: a flipped byte in a frame with valid frames after it is corruption, not a torn tail.
   * Only that frame's records are lost; the records after it are read, and the next append keeps
   * them (before, readers stopped at the bad frame and the next append truncated everything after
   * it as a "torn last record").
   */
  @Test
  void oneFlippedByteInTheMiddleLosesOnlyItsOwnFrameAndTruncatesNothing() throws IOException {
    int firstEnd = sizes.get(0).intValue();
    int secondEnd = sizes.get(1).intValue();
    List<JournalRecord> survivors = new ArrayList<>(written.subList(0, 1));
    survivors.addAll(written.subList(3, 6));
    for (int at = firstEnd; at < secondEnd; at += at - firstEnd < 12 ? 1 : 7) {
      Path root = dir.resolve("mid-" + at);
      copySpecs(root);
      byte[] bytes = full.clone();
      bytes[at] ^= 0x10;
      Files.write(journal(root), bytes);
      try (RunStore store = RunStores.filesystem(root)) {
        assertThat(store.read("r-1")).as("byte %d of the middle frame flipped", at).isEqualTo(survivors);
        store.append("r-1", survivors.size(), List.of(node("deploy", NodeState.QUEUED)));
      }
      assertThat(Files.size(journal(root))).as("nothing truncated (byte %d flipped)", at).isGreaterThan(full.length);
      try (RunStore reader = RunStores.filesystem(root)) {
        List<JournalRecord> expected = new ArrayList<>(survivors);
        expected.add(node("deploy", NodeState.QUEUED));
        assertThat(reader.read("r-1")).as("byte %d flipped, then appended", at).isEqualTo(expected);
      }
    }
  }
}
