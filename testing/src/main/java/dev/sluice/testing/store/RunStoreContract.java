package dev.sluice.testing.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.journal.JournalConflictException;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.JournalRecord.NodeUpdate;
import dev.sluice.core.journal.JournalRecord.RunStarted;
import dev.sluice.core.journal.JournalRecord.RunUpdate;
import dev.sluice.core.journal.Lease;
import dev.sluice.core.journal.LeaseRefusedException;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RunStore} must do: journals that come back as written, appends that conflict
 * when another writer got there first and succeed when retried after they were stored, leases one
 * owner holds at a time, listings, orphans and pruning, and engines racing for one run. An
 * implementation's test subclasses this and says how to open a store instance over one shared
 * backing (each instance plays one engine) and where run folders live. The filesystem run store and
 * the run store over the in-memory, filesystem and MinIO/S3 artifact stores pass it.
 */
public abstract class RunStoreContract {
  protected static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(30);
  /** How long a race may take: only a hang should reach it (S3 behind a busy machine is slow). */
  private static final Duration DEADLINE = Duration.ofMinutes(2);
  private final List<RunStore> opened = new ArrayList<>();

  /** A new store instance over this test's backing (the same for every call in one test). */
  protected abstract RunStore newInstance();

  /** The artifact store holding run folders ({@code runs/<run>/}) and anything else, for checks. */
  protected abstract ArtifactStore artifacts();

  protected RunStore open() {
    RunStore s = newInstance();
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(RunStore::close);
  }

  protected static RunStarted started(String run, String workflow, Instant at, Map<String, String> labels) {
    return new RunStarted(
        run, workflow, "3", "{\"workflow\":\"" + workflow + "\",\"nodes\":[]}", "{\"samples\":10}",
        Origin.trigger("accuracy-drop"), labels, Optional.empty(), "engine-a", at);
  }

  protected static NodeUpdate node(String run, String path, NodeState state, int attempt, Instant at) {
    return new NodeUpdate(
        run, path, "task", state, attempt, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), at);
  }

  protected static RunUpdate ended(String run, RunState state, Instant at) {
    return new RunUpdate(run, state, "engine-a", Optional.of("0.93"), Optional.empty(), at);
  }

  @Test
  void everyKindOfRecordComesBackAsWritten() {
    RunStore store = open();
    List<JournalRecord> records =
        List.of(
            new RunStarted(
                "r-1", "qoe-train", "2.1", "{\"workflow\":\"qoe-train\",\"note\":\"é ✓ \\\"q\\\"\"}",
                "{\"samples\":10000,\"rate\":0.01,\"tags\":[\"a\",null]}", Origin.launchPlan("nightly"),
                Map.of("team", "qoe", "env", "prod"), Optional.of("r-0"), "engine-a", T0),
            new NodeUpdate(
                "r-1", "tune/fit[3]", "element", NodeState.RUNNING, 2, Optional.of("ray"),
                Optional.of("r-1-tune-fit-3-2"), Optional.empty(), Optional.empty(), T0.plusMillis(1)),
            new NodeUpdate(
                "r-1", "tune/fit[3]", "element", NodeState.RETRYING, 2, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(new NodeError("java.io.IOException", "disk\nfull", null)),
                T0.plusMillis(2)),
            new NodeUpdate(
                "r-1", "load", "task", NodeState.SUCCEEDED, 1, Optional.empty(), Optional.empty(),
                Optional.of("{\"csv\":{\"@sluice\":\"file\",\"sha256\":\"ab\"},\"rows\":3}"), Optional.empty(),
                T0.plusMillis(3)),
            new RunUpdate("r-1", RunState.RUNNING, "engine-b", Optional.empty(), Optional.empty(), T0.plusSeconds(9)),
            new RunUpdate(
                "r-1", RunState.FAILED, "engine-b", Optional.empty(),
                Optional.of(new NodeError("FailFast", "node 'train' failed", null)), T0.plusSeconds(10)));
    store.append("r-1", 0, records);
    assertThat(open().read("r-1")).isEqualTo(records);
  }

  @Test
  void batchesAccumulateInOrderAndAnUnknownRunIsEmpty() {
    RunStore store = open();
    List<JournalRecord> all = new ArrayList<>();
    all.add(started("r-2", "wf", T0, Map.of()));
    store.append("r-2", 0, List.copyOf(all));
    for (int batch = 0; batch < 12; batch++) {
      List<JournalRecord> next = new ArrayList<>();
      for (int i = 0; i <= batch % 3; i++) {
        next.add(node("r-2", "n" + batch + "-" + i, NodeState.QUEUED, 0, T0.plusMillis(batch)));
      }
      store.append("r-2", all.size(), next);
      all.addAll(next);
    }
    assertThat(store.read("r-2")).isEqualTo(all);
    assertThat(open().read("r-2")).isEqualTo(all);
    assertThat(store.read("no-such-run")).isEmpty();
  }

  @Test
  void aJournalStartsWithItsRunAndHoldsOnlyItsOwnRecords() {
    RunStore store = open();
    assertThatThrownBy(() -> store.append("r-3", 0, List.of(node("r-3", "a", NodeState.QUEUED, 0, T0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with a RunStarted");
    assertThatThrownBy(() -> store.append("r-3", 0, List.of(started("r-other", "wf", T0, Map.of()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("r-other");
    assertThatThrownBy(() -> store.append("../etc", 0, List.of(started("../etc", "wf", T0, Map.of()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run id");
  }

  @Test
  void aWriterThatMissedAnotherWritersAppendIsRefused() {
    RunStore a = open();
    RunStore b = open();
    a.append("r-4", 0, List.of(started("r-4", "wf", T0, Map.of())));
    assertThat(b.read("r-4")).hasSize(1);
    b.append("r-4", 1, List.of(node("r-4", "x", NodeState.QUEUED, 0, T0)));
    assertThatThrownBy(() -> a.append("r-4", 1, List.of(node("r-4", "y", NodeState.QUEUED, 0, T0))))
        .isInstanceOf(JournalConflictException.class)
        .hasMessageContaining("r-4")
        .hasMessageContaining("another engine");
    assertThat(open().read("r-4")).extracting(r -> r instanceof NodeUpdate u ? u.node() : "run")
        .containsExactly("run", "x");
    // Having read the journal again, the first writer appends after it.
    assertThat(a.read("r-4")).hasSize(2);
    a.append("r-4", 2, List.of(node("r-4", "y", NodeState.QUEUED, 0, T0)));
    assertThat(open().read("r-4")).hasSize(3);
  }

  @Test
  void twoWritersRacingForOnePositionNeverBothSucceed() throws Exception {
    for (int round = 0; round < 10; round++) {
      String run = "race-" + round;
      open().append(run, 0, List.of(started(run, "wf", T0, Map.of())));
      List<Callable<Boolean>> writers = new ArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      for (int w = 0; w < 4; w++) {
        RunStore s = open();
        String name = "w" + w;
        writers.add(
            () -> {
              go.await();
              try {
                s.append(run, 1, List.of(node(run, name, NodeState.QUEUED, 0, T0)));
                return true;
              } catch (JournalConflictException e) {
                return false;
              }
            });
      }
      List<Boolean> results = raceAll(writers, go);
      long winners = results.stream().filter(b -> b).count();
      assertThat(winners).as("round %d", round).isLessThanOrEqualTo(1);
      List<JournalRecord> journal = open().read(run);
      assertThat(journal).hasSize(1 + (int) winners);
    }
  }

  @Test
  void runsAreListedNewestFirstByWorkflowStateTimeAndLabel() {
    RunStore store = open();
    store.append("a-1", 0, List.of(started("a-1", "train", T0, Map.of("team", "qoe"))));
    store.append("a-2", 0, List.of(started("a-2", "train", T0.plusSeconds(60), Map.of("team", "ads"))));
    store.append("a-3", 0, List.of(started("a-3", "score", T0.plusSeconds(120), Map.of("team", "qoe"))));
    store.append("a-2", 1, List.of(ended("a-2", RunState.FAILED, T0.plusSeconds(90))));
    store.append("a-3", 1, List.of(ended("a-3", RunState.SUCCEEDED, T0.plusSeconds(130))));

    RunStore reader = open();
    assertThat(reader.runs(RunQuery.all())).extracting(RunSummary::runId).containsExactly("a-3", "a-2", "a-1");
    assertThat(reader.runs(RunQuery.builder().workflow("train").build()))
        .extracting(RunSummary::runId).containsExactly("a-2", "a-1");
    assertThat(reader.runs(RunQuery.builder().states(RunState.FAILED, RunState.SUCCEEDED).build()))
        .extracting(RunSummary::runId).containsExactly("a-3", "a-2");
    assertThat(reader.runs(RunQuery.builder().states(RunState.RUNNING).build()))
        .extracting(RunSummary::runId).containsExactly("a-1");
    assertThat(reader.runs(
            RunQuery.builder().startedFrom(T0.plusSeconds(60)).startedBefore(T0.plusSeconds(120)).build()))
        .extracting(RunSummary::runId).containsExactly("a-2");
    assertThat(reader.runs(RunQuery.builder().label("team", "qoe").build()))
        .extracting(RunSummary::runId).containsExactly("a-3", "a-1");
    assertThat(reader.runs(RunQuery.builder().limit(1).build())).extracting(RunSummary::runId).containsExactly("a-3");

    RunSummary a2 = reader.runs(RunQuery.builder().workflow("train").states(RunState.FAILED).build()).get(0);
    assertThat(a2.ended()).contains(T0.plusSeconds(90));
    assertThat(a2.version()).isEqualTo("3");
    assertThat(a2.origin()).isEqualTo(Origin.trigger("accuracy-drop"));
    assertThat(a2.labels()).containsEntry("team", "ads");
  }

  @Test
  void aLeaseIsHeldByOneOwnerUntilItLapses() {
    RunStore a = open();
    RunStore b = open();
    Lease held = a.acquire("r-5", "engine-a", T0, TTL);
    assertThat(held.owner()).isEqualTo("engine-a");
    assertThat(held.expires()).isEqualTo(T0.plus(TTL));

    assertThatThrownBy(() -> b.acquire("r-5", "engine-b", T0.plusSeconds(10), TTL))
        .isInstanceOf(LeaseRefusedException.class)
        .hasMessageContaining("engine-a")
        .satisfies(e -> assertThat(((LeaseRefusedException) e).holder()).contains(held));

    Lease renewed = a.renew(held, T0.plusSeconds(20), TTL);
    assertThat(renewed.expires()).isEqualTo(T0.plusSeconds(50));
    assertThat(renewed.epoch()).isEqualTo(held.epoch());
    assertThatThrownBy(() -> b.acquire("r-5", "engine-b", T0.plusSeconds(40), TTL))
        .isInstanceOf(LeaseRefusedException.class);

    Lease taken = b.acquire("r-5", "engine-b", T0.plusSeconds(51), TTL);
    assertThat(taken.owner()).isEqualTo("engine-b");
    assertThat(taken.epoch()).isGreaterThan(held.epoch());
    assertThatThrownBy(() -> a.renew(renewed, T0.plusSeconds(45), TTL))
        .isInstanceOf(LeaseRefusedException.class)
        .hasMessageContaining("lost run r-5");
  }

  @Test
  void aLapsedLeaseIsNotRenewedAndAReleasedOneIsFreeAtOnce() {
    RunStore a = open();
    Lease held = a.acquire("r-6", "engine-a", T0, TTL);
    assertThatThrownBy(() -> a.renew(held, T0.plus(TTL), TTL))
        .isInstanceOf(LeaseRefusedException.class)
        .hasMessageContaining("expired");
    Lease again = a.acquire("r-6", "engine-a", T0.plus(TTL), TTL);
    assertThat(again.epoch()).isGreaterThan(held.epoch());
    a.release(again);
    Lease other = open().acquire("r-6", "engine-b", T0.plus(TTL).plusSeconds(1), TTL);
    assertThat(other.owner()).isEqualTo("engine-b");
    assertThatThrownBy(() -> a.renew(again, T0.plus(TTL).plusSeconds(2), TTL)).isInstanceOf(LeaseRefusedException.class);
  }

  @Test
  void ownersRacingForOneRunNeverBothGetIt() throws Exception {
    for (int round = 0; round < 10; round++) {
      String run = "lease-race-" + round;
      CountDownLatch go = new CountDownLatch(1);
      List<Callable<Boolean>> owners = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        RunStore s = open();
        String owner = "engine-" + w;
        owners.add(
            () -> {
              go.await();
              try {
                return s.acquire(run, owner, T0, TTL).owner().equals(owner);
              } catch (LeaseRefusedException e) {
                return false;
              }
            });
      }
      assertThat(raceAll(owners, go).stream().filter(b -> b).count()).as("round %d", round).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void aRunWhoseOwnerStoppedHeartBeatingIsOrphaned() {
    RunStore a = open();
    a.append("live", 0, List.of(started("live", "wf", T0, Map.of())));
    a.append("dead", 0, List.of(started("dead", "wf", T0, Map.of())));
    a.append("done", 0, List.of(started("done", "wf", T0, Map.of())));
    Lease live = a.acquire("live", "engine-a", T0, TTL);
    a.acquire("dead", "engine-a", T0, TTL);
    a.acquire("done", "engine-a", T0, TTL);
    a.append("done", 1, List.of(ended("done", RunState.SUCCEEDED, T0.plusSeconds(5))));

    Instant later = T0.plusSeconds(45);
    a.renew(live, T0.plusSeconds(25), TTL);
    List<RunSummary> orphans = open().runs(RunQuery.builder().orphanedAt(later).build());
    assertThat(orphans).extracting(RunSummary::runId).containsExactly("dead");
    assertThat(orphans.get(0).lease()).hasValueSatisfying(l -> assertThat(l.owner()).isEqualTo("engine-a"));
    assertThat(open().runs(RunQuery.builder().orphanedAt(T0.plusSeconds(10)).build())).isEmpty();
  }

  @Test
  void pruningDeletesRunsThatEndedBeforeTheCutoffAndNothingElse() {
    RunStore store = open();
    for (String run : List.of("old", "recent", "running")) {
      store.append(run, 0, List.of(started(run, "wf", T0, Map.of())));
      artifacts().put("runs/" + run + "/nodes/a/1/outputs.json", "1".getBytes());
    }
    store.append("old", 1, List.of(ended("old", RunState.SUCCEEDED, T0.plusSeconds(10))));
    store.append("recent", 1, List.of(ended("recent", RunState.FAILED, T0.plusSeconds(100))));
    artifacts().put("cache/train/v1/abc.json", "{}".getBytes());
    artifacts().put("blobs/sha256/ab/abcd", "blob".getBytes());
    artifacts().put("runs/old-but-not-this/x.json", "{}".getBytes());

    assertThat(open().prune(T0.plusSeconds(50))).containsExactly("old");

    assertThat(store.read("old")).isEmpty();
    assertThat(artifacts().exists("runs/old/nodes/a/1/outputs.json")).isFalse();
    assertThat(store.runs(RunQuery.all())).extracting(RunSummary::runId).containsExactlyInAnyOrder("recent", "running");
    assertThat(store.read("recent")).hasSize(2);
    assertThat(artifacts().exists("runs/recent/nodes/a/1/outputs.json")).isTrue();
    assertThat(artifacts().exists("runs/running/nodes/a/1/outputs.json")).isTrue();
    assertThat(artifacts().exists("cache/train/v1/abc.json")).isTrue();
    assertThat(artifacts().exists("blobs/sha256/ab/abcd")).isTrue();
    assertThat(artifacts().exists("runs/old-but-not-this/x.json")).isTrue();
    assertThat(open().prune(T0.plusSeconds(500))).containsExactly("recent");
  }

  @Test
  void manyRunsWrittenAtOnceStayApart() throws Exception {
    RunStore store = open();
    CountDownLatch go = new CountDownLatch(1);
    List<Callable<Boolean>> writers = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      String run = "para-" + w;
      writers.add(
          () -> {
            go.await();
            store.append(run, 0, List.of(started(run, "wf", T0, Map.of())));
            for (int i = 1; i <= 20; i++) {
              store.append(run, i, List.of(node(run, "n" + i, NodeState.SUCCEEDED, 1, T0)));
            }
            return true;
          });
    }
    assertThat(raceAll(writers, go)).containsOnly(true);
    for (int w = 0; w < 8; w++) {
      String run = "para-" + w;
      List<JournalRecord> journal = open().read(run);
      assertThat(journal).hasSize(21);
      assertThat(journal).allSatisfy(r -> assertThat(r.runId()).isEqualTo(run));
    }
  }

  /**
   * An engine whose append failed with an unknown outcome (a timeout after the write) appends the
   * same batch again: it must land once, not twice, and must not look like another engine's.
   */
  @Test
  void aBatchRetriedAfterItWasStoredIsNotAppendedTwice() {
    RunStore store = open();
    store.append("r-7", 0, List.of(started("r-7", "wf", T0, Map.of())));
    List<JournalRecord> batch = List.of(node("r-7", "a", NodeState.SUCCEEDED, 1, T0), node("r-7", "b", NodeState.RUNNING, 1, T0));
    store.append("r-7", 1, batch);
    store.append("r-7", 1, batch);
    assertThat(open().read("r-7")).hasSize(3);
    store.append("r-7", 3, List.of(ended("r-7", RunState.SUCCEEDED, T0.plusSeconds(1))));
    assertThat(open().read("r-7")).hasSize(4);
  }

  /**
   * Engines that find the same orphaned run and resume it at once (take its lease, read its
   * journal, append): at most one gets the run, and the journal holds exactly the winner's record.
   */
  @Test
  void enginesRacingToResumeOneOrphanedRunNeverBothDriveIt() throws Exception {
    for (int round = 0; round < 5; round++) {
      String run = "resume-race-" + round;
      RunStore dead = open();
      dead.append(run, 0, List.of(started(run, "wf", T0, Map.of())));
      dead.acquire(run, "engine-dead", T0, TTL);
      Instant later = T0.plus(TTL).plusSeconds(1);
      assertThat(open().runs(RunQuery.builder().orphanedAt(later).build())).extracting(RunSummary::runId).contains(run);

      CountDownLatch go = new CountDownLatch(1);
      List<Callable<Boolean>> engines = new ArrayList<>();
      for (int e = 0; e < 3; e++) {
        RunStore s = open();
        String owner = "engine-" + e;
        engines.add(
            () -> {
              go.await();
              try {
                s.acquire(run, owner, later, TTL);
              } catch (LeaseRefusedException refused) {
                return false;
              }
              long known = s.read(run).size();
              s.append(run, known, List.of(new RunUpdate(run, RunState.RUNNING, owner, Optional.empty(), Optional.empty(), later)));
              return true;
            });
      }
      long winners = raceAll(engines, go).stream().filter(b -> b).count();
      assertThat(winners).as("round %d", round).isLessThanOrEqualTo(1);
      List<JournalRecord> journal = open().read(run);
      assertThat(journal).as("round %d", round).hasSize(1 + (int) winners);
      if (winners == 0) {
        // every claimant backed off at once: the run is still free, and the next claim wins
        assertThat(open().acquire(run, "engine-late", later.plusSeconds(1), TTL).owner()).isEqualTo("engine-late");
      }
    }
  }

  private static <T> List<T> raceAll(List<Callable<T>> tasks, CountDownLatch go) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> t : tasks) {
        futures.add(pool.submit(t));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
