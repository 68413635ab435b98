package dev.sluice.core.engine;

import static dev.sluice.core.engine.Journaled.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.model.WorkflowSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotent starts: one run per run key, in one engine and across engines sharing a run store. */
class RunKeyTest {
  @TempDir Path dir;
  private Journaled j;
  private WorkflowSpec wf;

  @BeforeEach
  void setUp() {
    j = new Journaled(dir);
    wf = Dag.named("keyed").call("slow", j.gated("slow"), Dag.INPUT).returning("slow");
  }

  @AfterEach
  void tearDown() {
    j.close();
  }

  private static RunOptions key(String key) {
    return RunOptions.builder().runKey(key).build();
  }

  @Test
  void theSameKeyTwiceInOneEngineWithoutRunStoreStartsOneRun() {
    try (Engine engine = Engine.builder().build()) {
      RunHandle<Object> first = engine.run(wf, 1L, key("nightly@2024-06-03"));
      RunHandle<Object> again = engine.run(wf, 1L, key("nightly@2024-06-03"));
      RunHandle<Object> other = engine.run(wf, 1L, key("nightly@2024-06-04"));
      assertThat(again).isSameAs(first);
      assertThat(other.runId()).isNotEqualTo(first.runId());
      j.gate.countDown();
      assertThat(first.await(WAIT)).isEqualTo(101L);
      assertThat(other.await(WAIT)).isEqualTo(101L);
      assertThat(engine.run(wf, 1L, key("nightly@2024-06-03")).runId()).as("after it ended").isEqualTo(first.runId());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    }
    assertThat(j.calls("slow")).isEqualTo(2);
  }

  @Test
  void twoEnginesRacingOnOneKeyOverOneFilesystemRunStoreStartOneRun() throws Exception {
    try (Engine a = j.engine("engine-a", b -> b); Engine b = j.engine("engine-b", x -> x)) {
      List<RunHandle<Object>> all = new ArrayList<>();
      for (int round = 0; round < 5; round++) {
        List<RunHandle<Object>> handles = race(List.of(a, b), "backfill@" + round);
        assertThat(handles.get(0).runId()).isEqualTo(handles.get(1).runId());
        List<RunSummary> runs = a.journal().runs(RunQuery.builder().label(RunOptions.RUN_KEY_LABEL, "backfill@" + round).build());
        assertThat(runs).extracting(RunSummary::runId).containsExactly(handles.get(0).runId());
        all.addAll(handles);
      }
      j.gate.countDown();
      for (RunHandle<Object> h : all) {
        assertThat(h.await(WAIT)).isEqualTo(101L);
      }
      assertThat(a.journal().runs(RunQuery.all())).hasSize(5);
      for (RunSummary r : a.journal().runs(RunQuery.all())) {
        assertThat(b.journal().history(r.runId()).start().labels()).containsKey(RunOptions.RUN_KEY_LABEL);
      }
    }
    assertThat(j.calls("slow")).as("one run per key, in one engine").isEqualTo(5);
  }

  /** Both engines start {@code key} at the same moment; both handles end with the run's output. */
  private List<RunHandle<Object>> race(List<Engine> engines, String key) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(engines.size());
    try {
      List<Future<RunHandle<Object>>> starts = new ArrayList<>();
      for (Engine e : engines) {
        starts.add(pool.submit(() -> {
          go.await();
          return e.run(wf, 1L, key(key));
        }));
      }
      go.countDown();
      List<RunHandle<Object>> handles = new ArrayList<>();
      for (Future<RunHandle<Object>> f : starts) {
        handles.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      }
      return handles;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theLoserOfTheRaceWaitsForTheWinnersRunAndGetsItsOutput() throws Exception {
    try (Engine a = j.engine("engine-a", b -> b); Engine b = j.engine("engine-b", x -> x)) {
      RunHandle<Object> won = a.run(wf, 1L, key("k"));
      RunHandle<Object> lost = b.run(wf, 1L, key("k"));
      assertThat(lost.runId()).isEqualTo(won.runId());
      assertThat(lost.isDone()).isFalse();
      assertThatThrownBy(lost::cancel).isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("driven by engine 'engine-a'");
      j.gate.countDown();
      assertThat(lost.await(WAIT)).isEqualTo(101L);
      assertThat(won.await(WAIT)).isEqualTo(101L);
      RunHandle<Object> later = b.run(wf, 1L, key("k"));
      assertThat(later.runId()).isEqualTo(won.runId());
      assertThat(later.isDone()).isTrue();
      assertThat(later.await(WAIT)).isEqualTo(101L);
    }
    assertThat(j.calls("slow")).isEqualTo(1);
  }

  @Test
  void aBadRunKeyIsRefusedNamingIt() {
    assertThatThrownBy(() -> RunOptions.builder().runKey(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a run key must have 1 to 512 characters");
    assertThatThrownBy(() -> RunOptions.builder().runKey("a\nb"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character at 1");
  }
}
