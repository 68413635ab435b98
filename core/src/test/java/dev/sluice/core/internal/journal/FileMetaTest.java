package dev.sluice.core.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.RunState;
import dev.sluice.core.internal.store.FilesystemArtifactStore;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.Lease;
import dev.sluice.core.journal.LeaseRefusedException;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.spi.StoredObject;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases and index entries of the filesystem run store as plain files ({@link FileMeta}): where the
 * artifact store (and so the object run store, and this store before it wrote them as plain files)
 * puts the same keys, so each reads what the other wrote; written atomically, temporary files never
 * taken for a claim or an entry.
 */
class FileMetaTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(30);

  @TempDir Path root;

  private FileMeta meta() {
    return new FileMeta(root, new FilesystemArtifactStore(root));
  }

  private static JournalRecord.RunStarted started(String run, Instant at) {
    return new JournalRecord.RunStarted(run, "wf", "1", "{\"workflow\":\"wf\",\"nodes\":[]}", "0", Origin.user("t"),
        Map.of(), Optional.empty(), "engine-a", at);
  }

  @Test
  void leasesAndIndexEntriesAreReadAcrossTheFileAndTheObjectLayout() {
    try (RunStore files = RunStores.filesystem(root); RunStore objects = RunStores.over(ArtifactStores.filesystem(root))) {
      // written as plain files, read through the artifact store
      files.append("r-1", 0, List.of(started("r-1", T0)));
      Lease held = files.acquire("r-1", "engine-a", T0, TTL);
      assertThatThrownBy(() -> objects.acquire("r-1", "engine-b", T0.plusSeconds(1), TTL))
          .isInstanceOf(LeaseRefusedException.class)
          .satisfies(e -> assertThat(((LeaseRefusedException) e).holder()).contains(held));
      assertThat(objects.runs(RunQuery.builder().build())).extracting(RunSummary::runId).containsExactly("r-1");

      // written through the artifact store (as every earlier version did), read as plain files
      objects.append("r-2", 0, List.of(started("r-2", T0.plusSeconds(5))));
      Lease other = objects.acquire("r-2", "engine-b", T0.plusSeconds(5), TTL);
      assertThatThrownBy(() -> files.acquire("r-2", "engine-a", T0.plusSeconds(6), TTL))
          .isInstanceOf(LeaseRefusedException.class)
          .satisfies(e -> assertThat(((LeaseRefusedException) e).holder()).contains(other));
      objects.append("r-2", 1, List.of(new JournalRecord.RunUpdate("r-2", RunState.SUCCEEDED, "engine-b",
          Optional.of("1"), Optional.empty(), T0.plusSeconds(6))));
      assertThat(files.runs(RunQuery.builder().build())).extracting(RunSummary::runId, RunSummary::state)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("r-2", RunState.SUCCEEDED),
              org.assertj.core.groups.Tuple.tuple("r-1", RunState.RUNNING));

      // a lease released as a plain file is free for the other layout at once
      files.release(held);
      assertThat(objects.acquire("r-1", "engine-b", T0.plusSeconds(7), TTL).epoch()).isGreaterThan(held.epoch());
    }
  }

  /**
   * Deleting through plain files keeps folders (so the index folders of busy runs are not removed
   * and made again per run), but pruning must not leave the emptied hour folders of the order keys
   * behind for every later listing to walk, as the artifact store's delete never did.
   */
  @Test
  void pruningRunsLeavesNoEmptyHourFolderInTheOrderKeys() throws Exception {
    try (RunStore files = RunStores.filesystem(root)) {
      for (int h = 0; h < 3; h++) {
        String run = "old-" + h;
        Instant at = T0.plus(Duration.ofHours(h));
        files.append(run, 0, List.of(started(run, at), new JournalRecord.RunUpdate(run, RunState.SUCCEEDED, "engine-a",
            Optional.of("1"), Optional.empty(), at.plusSeconds(1))));
      }
      files.append("kept", 0, List.of(started("kept", T0.plus(Duration.ofHours(5)))));
      assertThat(files.prune(T0.plus(Duration.ofHours(4)))).containsExactlyInAnyOrder("old-0", "old-1", "old-2");
      try (Stream<Path> hours = Files.list(root.resolve(RunIndex.NEWEST))) {
        assertThat(hours).hasSize(1); // the folder of the run kept, none emptied
      }
      assertThat(files.runs(RunQuery.builder().build())).extracting(RunSummary::runId).containsExactly("kept");
    }
  }

  /**
   * Releasing the lease of a run whose end the store journaled deletes the claim (one delete per run
   * instead of a check and a rewrite); an unfinished run's released lease stays, lapsed, naming its
   * last owner, and the next claim of it takes a higher epoch.
   */
  @Test
  void anEndedRunsLeaseIsDeletedOnReleaseAndAnUnfinishedRunsIsKeptLapsed() throws Exception {
    for (RunStore store : List.of(RunStores.filesystem(root.resolve("files")), RunStores.over(ArtifactStores.inMemory()))) {
      try (store) {
        store.append("done", 0, List.of(started("done", T0)));
        Lease done = store.acquire("done", "engine-a", T0, TTL);
        store.append("done", 1, List.of(new JournalRecord.RunUpdate("done", RunState.SUCCEEDED, "engine-a",
            Optional.of("1"), Optional.empty(), T0.plusSeconds(1))));
        store.release(done);
        assertThat(store.acquire("done", "engine-b", T0.plusSeconds(2), TTL).epoch()).as("%s", store).isEqualTo(1);
        assertThatThrownBy(() -> store.renew(done, T0.plusSeconds(3), TTL)).isInstanceOf(LeaseRefusedException.class);

        store.append("open", 0, List.of(started("open", T0)));
        Lease open = store.acquire("open", "engine-a", T0, TTL);
        store.release(open);
        assertThat(store.runs(RunQuery.builder().orphanedAt(T0.plusSeconds(1)).build()))
            .singleElement()
            .satisfies(s -> assertThat(s.lease()).hasValueSatisfying(l -> {
              assertThat(l.owner()).isEqualTo("engine-a");
              assertThat(l.expires()).isEqualTo(Instant.EPOCH);
            }));
        assertThat(store.acquire("open", "engine-b", T0.plusSeconds(2), TTL).epoch()).isGreaterThan(open.epoch());
      }
    }
    try (Stream<Path> claims = Files.list(root.resolve("files/runs/done/lease"))) {
      assertThat(claims.map(p -> p.getFileName().toString())).containsExactly("000000000001-" + Leases.ownerKey("engine-b") + ".json");
    }
  }

  @Test
  void aWriteReplacesTheObjectWholeAndLeavesNoTemporaryFile() throws Exception {
    FileMeta meta = meta();
    meta.write("runs/r-1/lease/000000000001-a.json", "first".getBytes(StandardCharsets.UTF_8));
    meta.write("runs/r-1/lease/000000000001-a.json", "second".getBytes(StandardCharsets.UTF_8));
    assertThat(meta.read("runs/r-1/lease/000000000001-a.json")).hasValueSatisfying(
        b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("second"));
    try (Stream<Path> files = Files.list(root.resolve("runs/r-1/lease"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("000000000001-a.json");
    }
    // the artifact store reads it, and hashes it from its content since no hash was recorded
    StoredObject seen = ArtifactStores.filesystem(root).stat("runs/r-1/lease/000000000001-a.json").orElseThrow();
    assertThat(seen.size()).isEqualTo(6);
    assertThat(seen.sha256()).isPresent();
    assertThat(meta.read("runs/r-1/lease/missing.json")).isEmpty();
    assertThat(meta.delete("runs/r-1/lease/000000000001-a.json")).isTrue();
    assertThat(meta.delete("runs/r-1/lease/000000000001-a.json")).isFalse();
  }

  @Test
  void aWriteCreatesItsFolderAgainWhenItWasPruned() throws Exception {
    FileMeta meta = meta();
    meta.touch("journal/index/newest/000000000001/k-1");
    Files.delete(root.resolve("journal/index/newest/000000000001/k-1"));
    Files.delete(root.resolve("journal/index/newest/000000000001"));
    Files.delete(root.resolve("journal/index/newest"));
    meta.touch("journal/index/newest/000000000001/k-2");
    meta.write("journal/index/active/r-9.json", new byte[] {1});
    assertThat(meta.exists("journal/index/newest/000000000001/k-2")).isTrue();
    assertThat(meta.exists("journal/index/active/r-9.json")).isTrue();
  }

  @Test
  void temporaryFilesAreNeverListedAsClaimsEntriesOrKeys() throws Exception {
    FileMeta meta = meta();
    meta.write("journal/index/active/r-1.json", new byte[] {1});
    meta.touch("journal/index/newest/000000000001/k-1");
    // as a writer killed between its write and its rename leaves them
    Files.write(root.resolve("journal/index/active/.tmp-dead-7.part"), new byte[] {2});
    Files.write(root.resolve("journal/index/newest/000000000001/.tmp-dead-8.part"), new byte[0]);
    assertThat(meta.names("journal/index/active/")).containsExactly("r-1.json");
    assertThat(meta.keys("journal/index/newest/", Optional.empty(), 10).keys())
        .containsExactly("journal/index/newest/000000000001/k-1");
    // a run id may start like a temporary file: its entry is still an entry
    meta.write("journal/index/active/.tmp-x.json", new byte[] {3});
    assertThat(meta.names("journal/index/active/")).containsExactlyInAnyOrder("r-1.json", ".tmp-x.json");
  }

  @Test
  void aMissingFolderOrAFileInItsPlaceListsNoNames() throws Exception {
    FileMeta meta = meta();
    assertThat(meta.names("runs/r-1/lease/")).isEmpty();
    Files.createDirectories(root.resolve("runs/r-2"));
    Files.writeString(root.resolve("runs/r-2/lease"), "not a folder");
    assertThat(meta.names("runs/r-2/lease/")).isEmpty();
    meta.write("runs/r-3/lease/000000000001-a.json", new byte[] {1});
    assertThat(meta.names("runs/r-3/lease/")).containsExactly("000000000001-a.json");
  }

  @Test
  void aDeleteThatCannotHappenSaysWhyInsteadOfReportingNothingThere() throws Exception {
    FileMeta meta = meta();
    Files.createDirectories(root.resolve("journal/index/active/r-1.json/inside")); // a folder in the way, not empty
    assertThatThrownBy(() -> meta.delete("journal/index/active/r-1.json"))
        .isInstanceOf(dev.sluice.core.spi.StoreException.class)
        .hasMessageContaining("r-1.json");
  }

  @Test
  void aFolderIsCreatedWithItsOneObjectOnlyWhereThereIsNoneOrAnEmptyOne() throws Exception {
    FileMeta meta = meta();
    assertThat(meta.createAlone("runs/r-1/lease/", "000000000001-a.json", new byte[] {1})).isTrue(); // no run folder yet
    assertThat(meta.read("runs/r-1/lease/000000000001-a.json")).hasValueSatisfying(b -> assertThat(b).containsExactly(1));

    Files.createDirectories(root.resolve("runs/r-2/lease")); // emptied: its claims were dropped
    assertThat(meta.createAlone("runs/r-2/lease/", "000000000001-a.json", new byte[] {2})).isTrue();
    assertThat(meta.names("runs/r-2/lease/")).containsExactly("000000000001-a.json");

    meta.write("runs/r-3/lease/000000000001-b.json", new byte[] {3}); // someone's claim landed first
    assertThat(meta.createAlone("runs/r-3/lease/", "000000000001-a.json", new byte[] {4})).isFalse();
    assertThat(meta.names("runs/r-3/lease/")).containsExactly("000000000001-b.json");

    Files.writeString(root.resolve("runs/r-3/lease/.tmp-x-1.part"), ""); // a stray temporary file is something
    Files.delete(root.resolve("runs/r-3/lease/000000000001-b.json"));
    assertThat(meta.createAlone("runs/r-3/lease/", "000000000001-a.json", new byte[] {4})).isFalse();

    for (String run : List.of("r-1", "r-2", "r-3")) { // the prepared folders are gone
      try (Stream<Path> left = Files.list(root.resolve("runs/" + run))) {
        assertThat(left.map(p -> p.getFileName().toString())).containsExactly("lease");
      }
    }
  }

  @Test
  void enginesRacingForANewRunInEitherClaimWayNeverBothGetIt() throws Exception {
    for (int round = 0; round < 40; round++) {
      String run = "race-" + round;
      List<RunStore> stores = new ArrayList<>();
      for (int w = 0; w < 6; w++) { // one-step claims (plain files) against list-write-list claims (artifacts)
        stores.add(w % 2 == 0 ? RunStores.filesystem(root) : RunStores.over(ArtifactStores.filesystem(root)));
      }
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(stores.size());
      try {
        List<java.util.concurrent.Future<Optional<Lease>>> tries = new ArrayList<>();
        for (int w = 0; w < stores.size(); w++) {
          RunStore s = stores.get(w);
          String owner = "engine-" + w;
          tries.add(pool.submit(() -> {
            go.await();
            try {
              return Optional.of(s.acquire(run, owner, T0, TTL));
            } catch (LeaseRefusedException e) {
              return Optional.<Lease>empty();
            }
          }));
        }
        go.countDown();
        List<Lease> won = new ArrayList<>();
        for (var t : tries) {
          t.get(30, java.util.concurrent.TimeUnit.SECONDS).ifPresent(won::add);
        }
        assertThat(won).as("round %d", round).hasSizeLessThanOrEqualTo(1);
        for (Lease w : won) { // the winner's claim is the lease in force, for either layout's reader
          assertThatThrownBy(() -> stores.get(1).acquire(run, "late", T0.plusSeconds(1), TTL))
              .isInstanceOf(LeaseRefusedException.class)
              .satisfies(e -> assertThat(((LeaseRefusedException) e).holder()).contains(w));
          assertThatThrownBy(() -> stores.get(0).acquire(run, "late", T0.plusSeconds(1), TTL))
              .isInstanceOf(LeaseRefusedException.class);
        }
      } finally {
        pool.shutdownNow();
        stores.forEach(RunStore::close);
      }
    }
  }

  @Test
  void keysComeInKeyOrderPageByPageAsTheArtifactStoreListsThem() {
    FileMeta meta = meta();
    List<String> written = new ArrayList<>();
    for (int hour = 3; hour >= 1; hour--) {
      for (String name : List.of("0002-r-10", "0002-r-1", "0001-r-2", "0003-a")) {
        String key = "journal/index/newest/" + String.format(Locale.ROOT, "%012d", hour) + "/" + name;
        meta.touch(key);
        written.add(key);
      }
    }
    List<String> listed = new ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      MetaStore.KeyPage page = meta.keys("journal/index/newest/", token, 5);
      assertThat(page.keys().size()).isLessThanOrEqualTo(5);
      listed.addAll(page.keys());
      token = page.next();
    } while (token.isPresent());
    assertThat(listed).hasSameElementsAs(written).isSorted()
        .isEqualTo(ArtifactStores.filesystem(root).listAll("journal/index/newest/").map(StoredObject::key).toList());
  }

  @Test
  void ownerKeysAndOrderKeysAreWhatTheFormatterGave() {
    for (String owner : List.of("engine-a", "host-123-abc", "a.b_c", "ünïcode 😀 owner", "x".repeat(81), "y".repeat(80),
        "😀".repeat(50), "")) {
      String safe = owner.replaceAll("[^A-Za-z0-9._]", "_");
      if (safe.length() > 80) {
        safe = safe.substring(0, 80);
      }
      String expected = safe.equals(owner) ? safe : safe + "." + Integer.toHexString(owner.hashCode());
      assertThat(Leases.ownerKey(owner)).as(owner).isEqualTo(expected);
    }
    for (Instant at : List.of(Instant.EPOCH, T0, Instant.parse("2026-03-04T05:06:07.123456789Z"), T0.plusNanos(1))) {
      long second = at.getEpochSecond();
      String expected = RunIndex.NEWEST + String.format(Locale.ROOT, "%012d/%016d%09d-", 999_999_999_999L - second / 3600,
          9_999_999_999_999_999L - second, 999_999_999 - at.getNano()) + "r-1";
      RunSummary s = new RunSummary("r-1", "w", "1", RunState.RUNNING, at, Optional.empty(), Map.of(), Origin.user("u"),
          Optional.empty());
      assertThat(RunIndex.newestKey(s)).isEqualTo(expected);
    }
  }
}
