package dev.sluice.console.ops.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.console.ops.RunFilter;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The console's index starts with the newest runs only (its start used to read every run: minutes
 * at 100,000 runs); pages past them are read from the store until every run is loaded, and give the
 * same runs either way.
 */
class RunCatalogTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void pagesAreTheSameWhetherTheIndexHoldsTheNewestRunsOnlyOrEveryRun() {
    ArtifactStore store = ArtifactStores.inMemory();
    RunStore runs = RunStores.over(store);
    for (int i = 0; i < 150; i++) {
      String id = String.format("run-%03d", i);
      Instant at = T0.plusSeconds(i / 3); // three runs per instant: ordered by id
      runs.append(id, 0, List.of(
          new JournalRecord.RunStarted(id, i % 10 == 0 ? "rare" : "common", "1", "{}", "0", Origin.user("t"),
              Map.of("shard", String.valueOf(i % 2)), Optional.empty(), "w", at),
          new JournalRecord.RunUpdate(id, i % 4 == 0 ? RunState.FAILED : RunState.SUCCEEDED, "w", Optional.of("1"),
              Optional.empty(), at.plusSeconds(1))));
    }
    RunJournal journal = RunJournal.of(runs, store, Clock.systemUTC());
    RunCatalog partial = new RunCatalog(journal, 20);
    partial.loadNewest();
    assertThat(partial.complete()).isFalse();
    assertThat(partial.size()).isEqualTo(20);
    RunCatalog full = new RunCatalog(journal, 20);
    full.rescan();
    assertThat(full.complete()).isTrue();

    List<Function<RunFilter.Builder, RunFilter.Builder>> filters = List.of(
        b -> b, b -> b.workflow("rare"), b -> b.state(RunState.FAILED).label("shard", "0"),
        b -> b.startedBefore(T0.plusSeconds(30)).startedFrom(T0.plusSeconds(10)));
    for (var filter : filters) {
      for (int limit : new int[] {1, 7, 50}) {
        assertThat(all(partial, filter, limit)).isEqualTo(all(full, filter, limit));
      }
    }
    assertThat(all(full, b -> b, 7)).hasSize(150);
    assertThat(all(full, b -> b.workflow("rare"), 4)).hasSize(15);
    assertThat(partial.size()).as("pages past the newest runs were read from the store, not indexed").isEqualTo(20);
  }

  /** Every page of a listing, following the page tokens. */
  private static List<String> all(RunCatalog c, Function<RunFilter.Builder, RunFilter.Builder> filter, int limit) {
    List<String> out = new ArrayList<>();
    Optional<String> after = Optional.empty();
    do {
      RunCatalog.Page p = c.page(filter.apply(RunFilter.builder().limit(limit).after(after.orElse(null))).build());
      p.runs().stream().map(RunSummary::runId).forEach(out::add);
      after = p.next();
    } while (after.isPresent());
    return out;
  }
}
