package dev.sluice.core.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.Lease;
import dev.sluice.core.journal.LeaseRefusedException;
import dev.sluice.core.journal.ManualClock;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Leases kept alive by heart-beating, orphans and take-overs, all on a clock the test moves. */
class LeaseKeeperTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(30);

  private final ManualClock clock = new ManualClock(T0);
  private final ArtifactStore shared = ArtifactStores.inMemory();
  private final RunStore storeA = RunStores.over(shared);
  private final RunStore storeB = RunStores.over(shared);
  private final LeaseKeeper engineA = new LeaseKeeper(storeA, "engine-a", clock, TTL);
  private final LeaseKeeper engineB = new LeaseKeeper(storeB, "engine-b", clock, TTL);
  private final RunJournal journal = RunJournal.of(storeB, shared, clock);
  private final List<String> lostByA = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startARun() {
    storeA.append("r-1", 0, List.of(new JournalRecord.RunStarted(
        "r-1", "wf", "1", "{}", "null", Origin.user("t"), Map.of(), Optional.empty(), "engine-a", T0)));
    engineA.acquire("r-1", lost -> lostByA.add(lost.getMessage()));
  }

  @Test
  void aHeartBeatingOwnerKeepsTheRunAndASecondEngineIsRefused() {
    for (int beat = 1; beat <= 6; beat++) {
      clock.advance(Duration.ofSeconds(10));
      engineA.heartbeat();
      assertThatThrownBy(() -> engineB.acquire("r-1", lost -> {}))
          .isInstanceOf(LeaseRefusedException.class)
          .hasMessageContaining("owned by engine 'engine-a'");
      assertThat(journal.orphans()).isEmpty();
    }
    assertThat(engineA.lease("r-1")).hasValueSatisfying(l -> assertThat(l.expires()).isEqualTo(T0.plusSeconds(90)));
    assertThat(lostByA).isEmpty();
  }

  @Test
  void anOwnerThatStopsHeartBeatingLeavesAnOrphanThatAnotherEngineTakesOver() {
    clock.advance(Duration.ofSeconds(29));
    assertThat(journal.orphans()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    List<RunSummary> orphans = journal.orphans();
    assertThat(orphans).extracting(RunSummary::runId).containsExactly("r-1");
    assertThat(orphans.get(0).lease()).hasValueSatisfying(l -> assertThat(l.owner()).isEqualTo("engine-a"));

    Lease taken = engineB.acquire("r-1", lost -> {});
    assertThat(taken.owner()).isEqualTo("engine-b");
    assertThat(journal.orphans()).isEmpty();
    assertThat(journal.runs(RunQuery.all()).get(0).lease()).contains(taken);

    engineA.heartbeat(); // the old owner wakes up
    assertThat(lostByA).singleElement().asString().contains("expired");
    assertThat(engineA.lease("r-1")).isEmpty();
  }

  @Test
  void aRenewalThatLandsAfterTheLeaseLapsedCountsAsLostAndFreesTheRun() {
    RunStore slow =
        new ForwardingRunStore(storeA) {
          @Override
          public Lease renew(Lease lease, Instant now, Duration ttl) {
            Lease renewed = super.renew(lease, now, ttl);
            clock.advance(Duration.ofSeconds(40)); // the renewal took longer than the lease had left
            return renewed;
          }
        };
    LeaseKeeper slowEngine = new LeaseKeeper(slow, "engine-slow", clock, TTL);
    List<String> lost = new CopyOnWriteArrayList<>();
    storeA.append("r-2", 0, List.of(new JournalRecord.RunStarted(
        "r-2", "wf", "1", "{}", "null", Origin.user("t"), Map.of(), Optional.empty(), "engine-slow", T0)));
    slowEngine.acquire("r-2", why -> lost.add(why.getMessage()));
    clock.advance(Duration.ofSeconds(10));
    slowEngine.heartbeat();
    assertThat(lost).singleElement().asString().contains("after the lease had lapsed");
    assertThat(engineB.acquire("r-2", why -> {}).owner()).isEqualTo("engine-b");
  }

  @Test
  void closingReleasesEveryLeaseAtOnce() {
    engineA.close();
    assertThat(journal.orphans()).extracting(RunSummary::runId).containsExactly("r-1");
    assertThat(engineB.acquire("r-1", lost -> {}).owner()).isEqualTo("engine-b");
  }
}
