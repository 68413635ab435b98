package dev.sluice.core.engine;

import static dev.sluice.core.engine.Journaled.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.LeaseRefusedException;
import dev.sluice.core.journal.ManualClock;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.model.WorkflowSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One engine at a time drives a run: leases, orphans, take-overs and adoption. */
class OwnershipTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  @TempDir Path dir;
  private Journaled j;
  private WorkflowSpec wf;

  @BeforeEach
  void setUp() {
    j = new Journaled(dir);
    wf = Dag.named("owned").call("a", j.adder("a", 1, 1), Dag.INPUT).call("slow", j.gated("slow"), "a")
        .returning("slow");
  }

  @AfterEach
  void tearDown() {
    j.close();
  }

  private String startAndWaitForSlow(Engine engine) {
    String runId = engine.run(wf, 1L, RunOptions.DEFAULT).runId();
    Journaled.await("slow running", () -> j.journaled(runId, "slow", NodeState.RUNNING));
    // RUNNING is journaled before the attempt is handed to the pool: wait for the body itself too, or
    // an engine closed now may withdraw the attempt before the body ever ran (one call, not two).
    Journaled.await("slow's body called", () -> j.calls("slow") == 1);
    return runId;
  }

  @Test
  void aSecondEngineIsRefusedARunItsOwnerStillHeartBeats() throws Exception {
    try (Engine a = j.engine("engine-a", b -> b.leaseTtl(Duration.ofMillis(1500)));
        Engine b = j.engine("engine-b", x -> x.workflow(wf))) {
      RunHandle<Object> run = a.run(wf, 1L, RunOptions.DEFAULT);
      Journaled.await("slow running", () -> j.journaled(run.runId(), "slow", NodeState.RUNNING));
      for (int beat = 0; beat < 3; beat++) { // across several heartbeats, each seen as a later expiry
        Instant expires = leaseExpiry(b, run.runId());
        Journaled.await("a heartbeat", () -> leaseExpiry(b, run.runId()).isAfter(expires));
        assertThatThrownBy(() -> b.resume(run.runId()))
            .isInstanceOf(LeaseRefusedException.class)
            .hasMessageContaining("owned by engine 'engine-a'");
        assertThat(b.journal().orphans()).isEmpty();
      }
      j.gate.countDown();
      assertThat(run.await(WAIT)).isEqualTo(102L);
    }
    assertThat(j.calls("slow")).isEqualTo(1);
  }

  private static Instant leaseExpiry(Engine engine, String runId) {
    return engine.journal().runs(RunQuery.all()).stream().filter(r -> r.runId().equals(runId)).findFirst()
        .flatMap(RunSummary::lease).orElseThrow().expires();
  }

  @Test
  void anOrphanIsTakenOverAndItsOldOwnerStopsDrivingItWhenItWakesUp() throws Exception {
    ManualClock clockA = new ManualClock(T0);
    ManualClock clockB = new ManualClock(T0);
    Duration ttl = Duration.ofMillis(300);
    String runId;
    try (Engine a = j.engine("engine-a", b -> b.clock(clockA).leaseTtl(ttl));
        Engine b = j.engine("engine-b", x -> x.clock(clockB).leaseTtl(ttl).workflow(wf))) {
      RunHandle<Object> first = a.run(wf, 1L, RunOptions.DEFAULT);
      runId = first.runId();
      Journaled.await("slow running", () -> j.journaled(runId, "slow", NodeState.RUNNING));
      assertThat(b.journal().orphans()).isEmpty();

      clockB.advance(Duration.ofSeconds(1)); // engine A's clock stands still: its lease lapsed at T0 + 300 ms
      assertThat(b.journal().orphans()).extracting(RunSummary::runId).containsExactly(runId);
      RunHandle<Object> taken = b.resume(runId);

      assertThatThrownBy(() -> first.await(WAIT))
          .isInstanceOf(RunFailedException.class)
          .hasMessageContaining("lost run " + runId);
      j.gate.countDown();
      assertThat(taken.await(WAIT)).isEqualTo(102L);
    }
    RunHistory history = j.history(runId).orElseThrow();
    assertThat(history.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(history.records()).filteredOn(r -> r instanceof JournalRecord.RunUpdate)
        .extracting(r -> ((JournalRecord.RunUpdate) r).owner() + ":" + ((JournalRecord.RunUpdate) r).state())
        .containsExactly("engine-b:RUNNING", "engine-b:SUCCEEDED");
    assertThat(j.calls("a")).isEqualTo(1);
  }

  @Test
  void anEngineThatAdoptsOrphansFinishesARunLeftBehind() throws Exception {
    String runId;
    try (Engine a = j.engine("engine-a", b -> b)) {
      runId = startAndWaitForSlow(a);
    } // its lease is released: the run is an orphan at once
    j.gate.countDown();
    try (Engine adopter = j.engine("adopter", b -> b.leaseTtl(Duration.ofMillis(200)).adoptOrphans(true).workflow(wf))) {
      Journaled.await("the orphan adopted and finished",
          () -> j.history(runId).map(h -> h.state() == RunState.SUCCEEDED).orElse(false));
      assertThat(adopter.journal().orphans()).isEmpty();
    }
    RunHistory history = j.history(runId).orElseThrow();
    assertThat(history.lastUpdate().orElseThrow().owner()).isEqualTo("adopter");
    assertThat(history.lastUpdate().orElseThrow().outputJson()).contains("102");
    assertThat(j.calls("a")).isEqualTo(1);
    assertThat(j.calls("slow")).isEqualTo(2);
  }
}
