package dev.sluice.core.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.RunState;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectPage;
import dev.sluice.core.spi.StoredObject;
import dev.sluice.core.store.ArtifactStores;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The run index lists the newest runs first without reading every run's entry: the defect was that
 * {@code runs(limit 50)} read all 100,000 index entries (243 s on the filesystem store).
 */
class RunIndexOrderTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String SPEC = "{\"workflow\":\"w\",\"version\":\"1\",\"nodes\":[]}";

  /** Counts reads of index entries. */
  static final class CountingReads implements ArtifactStore {
    final ArtifactStore store = ArtifactStores.inMemory();
    final AtomicInteger entryReads = new AtomicInteger();

    @Override
    public URI root() {
      return store.root();
    }

    @Override
    public StoredObject put(String key, InputStream data) {
      return store.put(key, data);
    }

    @Override
    public InputStream get(String key) {
      if (key.startsWith("journal/index/ended/") || key.startsWith("journal/index/active/")) {
        entryReads.incrementAndGet();
      }
      return store.get(key);
    }

    @Override
    public Optional<StoredObject> stat(String key) {
      return store.stat(key);
    }

    @Override
    public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) {
      return store.list(prefix, pageToken, pageSize);
    }

    @Override
    public boolean delete(String key) {
      return store.delete(key);
    }
  }

  private static void write(DefaultRunStore runs, String id, String workflow, Instant at, RunState end) {
    List<JournalRecord> records = new ArrayList<>();
    records.add(new JournalRecord.RunStarted(id, workflow, "1", SPEC, "0", Origin.user("test"), Map.of(), Optional.empty(),
        "writer", at));
    if (end != null) {
      records.add(new JournalRecord.RunUpdate(id, end, "writer", Optional.of("1"), Optional.empty(), at.plusSeconds(1)));
    }
    runs.append(id, 0, records);
  }

  @Test
  void theNewest50Of3000RunsAreListedReadingAbout50IndexEntries() {
    CountingReads store = new CountingReads();
    DefaultRunStore runs = DefaultRunStore.over(store);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      // minutes apart (several hour folders), two runs per instant sorted by id, some unfinished
      Instant at = T0.plusSeconds(60L * (i / 2)).plusNanos(i % 7 == 0 ? 0 : 1000);
      String id = String.format("r-%04d", i);
      write(runs, id, i % 3 == 0 ? "train" : "score", at, i % 11 == 0 ? null : RunState.SUCCEEDED);
      expected.add(id);
    }
    // a store that had no run when its first run was filed is ordered from the start: even the
    // first listing reads only what it lists
    store.entryReads.set(0);
    List<RunSummary> newest = runs.runs(RunQuery.builder().limit(50).build());
    assertThat(store.entryReads.get()).as("index entries read").isLessThanOrEqualTo(2 * 50);

    List<RunSummary> all = runs.runs(RunQuery.builder().limit(Integer.MAX_VALUE).build());
    assertThat(all).hasSize(3000);
    List<RunSummary> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(RunSummary::started).reversed().thenComparing(RunSummary::runId));
    assertThat(all).isEqualTo(sorted);
    assertThat(newest).isEqualTo(all.subList(0, 50));

    // filters and time bounds give what a full read would
    Instant from = T0.plusSeconds(60L * 1000);
    Instant before = T0.plusSeconds(60L * 1200);
    List<RunSummary> window = runs.runs(RunQuery.builder().workflow("train").startedFrom(from).startedBefore(before).build());
    assertThat(window).isEqualTo(all.stream().filter(s -> s.workflow().equals("train") && !s.started().isBefore(from)
        && s.started().isBefore(before)).toList());
    assertThat(runs.runs(RunQuery.builder().states(RunState.RUNNING).limit(5000).build()))
        .hasSize((int) all.stream().filter(s -> s.state() == RunState.RUNNING).count());
  }

  @Test
  void aStoreIndexedBeforeTheOrderExistedIsOrderedByItsFirstListingAndPruningRemovesTheOrderKey() {
    ArtifactStore store = ArtifactStores.inMemory();
    DefaultRunStore runs = DefaultRunStore.over(store);
    for (int i = 0; i < 30; i++) {
      write(runs, "old-" + i, "w", T0.plusSeconds(i), RunState.FAILED);
    }
    // as an older version left it: entries, no order keys (nor the mark of a complete order)
    store.listAll("journal/index/newest").toList().forEach(o -> store.delete(o.key()));
    assertThat(store.listAll(RunIndex.NEWEST).count()).isZero();
    runs = DefaultRunStore.over(store); // opened by this version
    write(runs, "new-0", "w", T0.minusSeconds(10), RunState.FAILED); // a store with runs is not taken as ordered
    assertThat(store.exists("journal/index/newest-complete")).isFalse();

    assertThat(runs.runs(RunQuery.builder().limit(3).build())).extracting(RunSummary::runId)
        .containsExactly("old-29", "old-28", "old-27");
    assertThat(store.listAll(RunIndex.NEWEST).count()).isEqualTo(31);
    assertThat(store.exists("journal/index/newest-complete")).isTrue();

    List<String> pruned = runs.prune(T0.plusSeconds(10));
    assertThat(pruned).hasSize(10); // new-0 and old-0 … old-8 ended before T0+10
    assertThat(store.listAll(RunIndex.NEWEST).count()).isEqualTo(21);
    assertThat(runs.runs(RunQuery.builder().limit(100).build())).hasSize(21);
  }

  @Test
  void theOrderKeyCarriesTheStartAndTheRunId() {
    Instant at = Instant.parse("2026-03-04T05:06:07.123456789Z");
    RunSummary s = new RunSummary("run-1.a_b", "w", "1", RunState.RUNNING, at, Optional.empty(), Map.of(),
        Origin.user("u"), Optional.empty());
    String key = RunIndex.newestKey(s);
    assertThat(RunIndex.runOfNewestKey(key)).contains("run-1.a_b");
    assertThat(RunIndex.startedOfNewestKey(key)).isEqualTo(at);
    RunSummary later = new RunSummary("a", "w", "1", RunState.RUNNING, at.plusNanos(1), Optional.empty(), Map.of(),
        Origin.user("u"), Optional.empty());
    assertThat(RunIndex.newestKey(later)).isLessThan(key);
    assertThat(RunIndex.runOfNewestKey("journal/index/newest-complete")).isEmpty();
  }
}
