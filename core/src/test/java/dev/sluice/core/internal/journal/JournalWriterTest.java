package dev.sluice.core.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.journal.JournalConflictException;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.spi.StoreUnavailableException;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group commit: records queue without blocking, batches keep order, sync waits for the store. */
class JournalWriterTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private final ExecutorService io = Executors.newFixedThreadPool(2);
  private final RunStore backing = RunStores.over(ArtifactStores.inMemory());
  private final List<String> failures = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    io.shutdownNow();
  }

  private static JournalRecord start() {
    return new JournalRecord.RunStarted("r-1", "wf", "1", "{}", "null", Origin.user("t"), Map.of(), Optional.empty(), "e", T0);
  }

  private static JournalRecord node(int i) {
    return new JournalRecord.NodeUpdate(
        "r-1", "n" + i, "task", NodeState.QUEUED, 1, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), T0);
  }

  /** The writer's former fixed schedule (6 tries, 50 ms doubling: 1.55 s of waits), quick for tests. */
  private static final RetryPolicy OLD_SCHEDULE =
      RetryPolicy.builder().maxAttempts(6).initialBackoff(Duration.ofMillis(50)).multiplier(2).jitter(0).build();

  private JournalWriter writer(RunStore store) {
    return new JournalWriter(store, io, OLD_SCHEDULE, (run, why) -> failures.add(run + ": " + why.getClass().getSimpleName()));
  }

  /** A writer whose backoff waits move a fake clock ({@code now}, in ms) instead of sleeping. */
  private JournalWriter writer(RunStore store, RetryPolicy retry, AtomicLong now) {
    return new JournalWriter(store, io, retry, now::addAndGet,
        (run, why) -> failures.add(run + ": " + why.getClass().getSimpleName()));
  }

  /** {@code store}, whose appends fail while the fake clock {@code now} is under 2 s. */
  private static RunStore downFor2s(RunStore store, AtomicLong now) {
    return new ForwardingRunStore(store) {
      @Override
      public void append(String runId, long known, List<JournalRecord> records) {
        if (now.get() < 2_000) {
          throw new StoreUnavailableException("circuit breaker open", null);
        }
        super.append(runId, known, records);
      }
    };
  }

  /**
   * Issue item 6 (journal): appends had their own ~1.5 s retry window, so a run-store outage a
   * little longer (an S3 breaker opening for 30 s) abandoned the run. They now follow the engine's
   * store retry policy: the same outage is outlasted and the batch is stored once.
   */
  @Test
  void aRunStoreOutageLongerThanOneAndAHalfSecondsDoesNotAbandonTheRun() throws Exception {
    AtomicLong now = new AtomicLong();
    JournalWriter.RunLog log = writer(downFor2s(backing, now), Engine.DEFAULT_STORE_RETRY, now).open("r-1", 0);
    log.add(start());
    log.add(node(1));
    log.sync().get(10, TimeUnit.SECONDS);
    assertThat(backing.read("r-1")).containsExactly(start(), node(1)); // journaled once
    assertThat(failures).isEmpty();
    assertThat(now.get()).isGreaterThanOrEqualTo(2_000);

    // the former schedule gives up within the same outage: the defect this replaces
    AtomicLong later = new AtomicLong();
    RunStore other = RunStores.over(ArtifactStores.inMemory());
    JournalWriter.RunLog old = writer(downFor2s(other, later), OLD_SCHEDULE, later).open("r-1", 0);
    old.add(start());
    assertThatThrownBy(() -> old.sync().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreUnavailableException.class);
  }

  /**
   * A store whose first append waits until {@code mayFinish}: records queued meanwhile pile up
   * behind it. Keeps every batch it was given, as given. With {@code failure}, every append fails
   * with it (once allowed to finish) instead of writing.
   */
  private final class HeldStore extends ForwardingRunStore {
    final CountDownLatch firstWriteStarted = new CountDownLatch(1);
    final CountDownLatch mayFinish = new CountDownLatch(1);
    final List<List<JournalRecord>> batches = new CopyOnWriteArrayList<>();
    private final RuntimeException failure;

    HeldStore() {
      this(null);
    }

    HeldStore(RuntimeException failure) {
      super(backing);
      this.failure = failure;
    }

    @Override
    public void append(String runId, long known, List<JournalRecord> records) {
      batches.add(records);
      firstWriteStarted.countDown();
      await(mayFinish);
      if (failure != null) {
        throw failure;
      }
      super.append(runId, known, records);
    }

    List<Integer> batchSizes() {
      return batches.stream().map(List::size).toList();
    }

    /** Queues {@code start()} (taken at once, held), then {@code count} node records behind it. */
    List<JournalRecord> queueBehindTheHeldWrite(JournalWriter.RunLog log, int count) throws InterruptedException {
      List<JournalRecord> expected = new ArrayList<>();
      expected.add(start());
      log.add(start());
      assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < count; i++) {
        expected.add(node(i));
        log.add(node(i));
      }
      return expected;
    }
  }

  @Test
  void recordsQueuedWhileAWriteIsUnderWayGoOutTogetherInOrder() throws Exception {
    HeldStore store = new HeldStore();
    JournalWriter.RunLog log = writer(store).open("r-1", 0);
    List<JournalRecord> expected = store.queueBehindTheHeldWrite(log, 300);
    CompletableFuture<Void> synced = log.sync();
    assertThat(synced).isNotDone();
    store.mayFinish.countDown();
    synced.get(10, TimeUnit.SECONDS);

    assertThat(backing.read("r-1")).isEqualTo(expected);
    assertThat(store.batchSizes()).containsExactly(1, 300);
    assertThat(log.position()).isEqualTo(301);
    assertThat(failures).isEmpty();
  }

  /**
   * More records queued than one batch holds (512) go out as several batches, in order, none
   * lost or repeated, each batch still whole when the store reads it after the next was taken.
   */
  @Test
  void moreRecordsThanOneBatchHoldsGoOutAsBatchesInOrder() throws Exception {
    HeldStore store = new HeldStore();
    JournalWriter.RunLog log = writer(store).open("r-1", 0);
    List<JournalRecord> expected = store.queueBehindTheHeldWrite(log, 1_300);
    CompletableFuture<Void> synced = log.sync();
    store.mayFinish.countDown();
    synced.get(10, TimeUnit.SECONDS);

    assertThat(store.batchSizes()).containsExactly(1, 512, 512, 276);
    assertThat(backing.read("r-1")).isEqualTo(expected);
    assertThat(store.batches.stream().flatMap(List::stream).toList()).isEqualTo(expected); // unchanged after their append
    assertThat(log.position()).isEqualTo(1_301);
    assertThat(failures).isEmpty();
  }

  @Test
  void aStoreThatFailsForAMomentIsTriedAgain() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    RunStore flaky =
        new ForwardingRunStore(backing) {
          @Override
          public void append(String runId, long known, List<JournalRecord> records) {
            if (calls.incrementAndGet() <= 2) {
              throw new StoreUnavailableException("bucket unreachable", null);
            }
            super.append(runId, known, records);
          }
        };
    JournalWriter.RunLog log = writer(flaky).open("r-1", 0);
    log.add(start());
    log.sync().get(10, TimeUnit.SECONDS);
    assertThat(calls).hasValue(3);
    assertThat(backing.read("r-1")).containsExactly(start());
    assertThat(failures).isEmpty();
  }

  @Test
  void aStoreThatStaysDownFailsTheRunOnce() {
    RunStore down =
        new ForwardingRunStore(backing) {
          @Override
          public void append(String runId, long known, List<JournalRecord> records) {
            throw new StoreUnavailableException("bucket unreachable", null);
          }
        };
    JournalWriter.RunLog log = writer(down).open("r-1", 0);
    log.add(start());
    assertThatThrownBy(() -> log.sync().get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(StoreUnavailableException.class);
    log.add(node(1));
    assertThat(log.failed()).isTrue();
    assertThat(failures).containsExactly("r-1: StoreUnavailableException");
  }

  @Test
  void anotherEnginesAppendIsAConflictAndNotTriedAgain() {
    // another engine's record (its own owner); the very same bytes would be this writer's own append, retried
    backing.append("r-1", 0, List.of(new JournalRecord.RunStarted(
        "r-1", "wf", "1", "{}", "null", Origin.user("t"), Map.of(), Optional.empty(), "other-engine", T0)));
    AtomicInteger calls = new AtomicInteger();
    RunStore counting =
        new ForwardingRunStore(backing) {
          @Override
          public void append(String runId, long known, List<JournalRecord> records) {
            calls.incrementAndGet();
            super.append(runId, known, records);
          }
        };
    JournalWriter.RunLog stale = writer(counting).open("r-1", 0);
    stale.add(start());
    assertThatThrownBy(() -> stale.sync().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(JournalConflictException.class);
    assertThat(calls).hasValue(1);
    assertThat(failures).containsExactly("r-1: JournalConflictException");
  }

  /**
   * Records queued behind a write that then fails for good are dropped, not written after it (nor
   * counted into a later batch): the writer goes idle, and a later sync says why.
   */
  @Test
  void recordsQueuedBehindAWriteThatFailsAreDroppedAndTheWriterGoesIdle() throws Exception {
    HeldStore failing = new HeldStore(new JournalConflictException("another engine wrote run r-1"));
    JournalWriter writer = writer(failing);
    JournalWriter.RunLog log = writer.open("r-1", 0);
    failing.queueBehindTheHeldWrite(log, 600);
    CompletableFuture<Void> synced = log.sync();
    failing.mayFinish.countDown();
    assertThatThrownBy(() -> synced.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(JournalConflictException.class);
    assertThat(writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
    log.add(node(600));
    assertThatThrownBy(() -> log.sync().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(JournalConflictException.class);
    assertThat(writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(failing.batchSizes()).containsExactly(1); // the 600 behind it were never written
    assertThat(failures).containsExactly("r-1: JournalConflictException");
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Linger: records wait for company, but never for a sync, and never for ever. */
  @Test
  void lingeringRecordsGoOutAtOnceWhenSyncedAndAfterTheLingerOtherwise() throws Exception {
    List<Integer> appends = new CopyOnWriteArrayList<>();
    RunStore counting = new ForwardingRunStore(backing) {
      @Override
      public void append(String runId, long known, List<JournalRecord> records) {
        appends.add(records.size());
        super.append(runId, known, records);
      }
    };
    JournalWriter forAnHour = new JournalWriter(counting, io, Duration.ofHours(1), OLD_SCHEDULE,
        (run, why) -> failures.add(run + ": " + why));
    JournalWriter.RunLog log = forAnHour.open("r-1", 0);
    log.add(start());
    for (int i = 1; i <= 20; i++) {
      log.add(node(i));
    }
    log.sync().get(10, TimeUnit.SECONDS); // not an hour: a sync takes the lingering batch now
    assertThat(backing.read("r-1")).hasSize(21);
    assertThat(appends).containsExactly(21); // one batch, not one per record
    log.addAndSync(node(21)).get(10, TimeUnit.SECONDS); // a run's last record: not an hour either
    assertThat(backing.read("r-1")).hasSize(22);
    assertThat(appends).containsExactly(21, 1);

    JournalWriter briefly = new JournalWriter(counting, io, Duration.ofMillis(5), OLD_SCHEDULE,
        (run, why) -> failures.add(run + ": " + why));
    JournalWriter.RunLog next = briefly.open("r-1", 22);
    next.add(node(22));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (backing.read("r-1").size() < 23) { // never synced: written once the linger is over
      assertThat(System.nanoTime()).as("the unsynced record is written after the linger").isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
    assertThat(failures).isEmpty();
  }
}
