package dev.sluice.core.engine;

import static dev.sluice.core.engine.Journaled.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.cache.TaskCache;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.ManualClock;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journaled runs in one JVM: what the journal holds, and resuming after the engine stopped. */
class DurableRunTest {
  @TempDir Path dir;
  private Journaled j;

  @BeforeEach
  void setUp() {
    j = new Journaled(dir);
  }

  @AfterEach
  void tearDown() {
    j.close();
  }

  /** in -> a(+1) -> slow(+100) -> c(+10); in -> b(+2) -> c. */
  private WorkflowSpec diamond() {
    return Dag.named("diamond")
        .call("a", j.adder("a", 1, 1), Dag.INPUT)
        .call("b", j.adder("b", 1, 2), Dag.INPUT)
        .call("slow", j.gated("slow"), "a")
        .call("c", j.adder("c", 2, 10), "slow", "b")
        .returning("c");
  }

  @Test
  void aJournaledRunRecordsItsStartEveryNodeWithItsOutputAndItsEnd() throws Exception {
    j.gate.countDown();
    WorkflowSpec wf = diamond();
    String runId;
    try (Engine engine = j.engine("e1", b -> b)) {
      RunHandle<Object> run =
          engine.run(wf, 5L, RunOptions.builder().label("team", "qoe").origin(Origin.trigger("drift")).build());
      assertThat(run.await(WAIT)).isEqualTo(5L + 1 + 100 + 5 + 2 + 10);
      runId = run.runId();
    }
    RunHistory history = j.history(runId).orElseThrow();
    JournalRecord.RunStarted start = history.start();
    assertThat(start.workflow()).isEqualTo("diamond");
    assertThat(start.specJson()).isEqualTo(wf.toJson());
    assertThat(start.inputJson()).isEqualTo("5");
    assertThat(start.origin()).isEqualTo(Origin.trigger("drift"));
    assertThat(start.labels()).containsEntry("team", "qoe");
    assertThat(start.owner()).isEqualTo("e1");
    assertThat(history.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(history.lastUpdate().orElseThrow().outputJson()).contains("123");
    NodeHistory slow = history.node("slow").orElseThrow();
    assertThat(slow.state()).isEqualTo(NodeState.SUCCEEDED);
    assertThat(slow.outputJson()).contains("106");
    assertThat(slow.executor()).contains("local");
    assertThat(slow.attemptName()).contains(runId + "-slow-1");
    assertThat(history.nodes()).extracting(NodeHistory::path).containsExactlyInAnyOrder("a", "b", "slow", "c");
    List<RunSummary> listed = j.runs.runs(RunQuery.builder().label("team", "qoe").build());
    assertThat(listed).singleElement().satisfies(s -> {
      assertThat(s.runId()).isEqualTo(runId);
      assertThat(s.state()).isEqualTo(RunState.SUCCEEDED);
    });
  }

  @Test
  void pruningOldRunsDeletesTheirJournalsAndFoldersAndKeepsTheCacheEntriesTheyWrote() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
    TaskSpec square = j.adder("square", 1, 0, b -> b.cache(CachePolicy.builder().version("v1").build()));
    WorkflowSpec wf = Dag.named("cached").call("square", square, Dag.INPUT).returning("square");
    try (Engine engine = j.engine("e", b -> b.clock(clock))) {
      RunHandle<Object> old = engine.run(wf, 7L, RunOptions.DEFAULT);
      assertThat(old.await(WAIT)).isEqualTo(7L);
      Journaled.await("the run's end journaled", () -> j.history(old.runId()).map(h -> h.state().isTerminal()).orElse(false));
      j.store.put("runs/" + old.runId() + "/nodes/square/1/inputs.json", "{\"in0\":7}".getBytes()); // as a remote attempt leaves
      clock.advance(Duration.ofDays(31));

      assertThat(engine.journal().prune(Duration.ofDays(30))).containsExactly(old.runId());

      assertThat(j.runs.read(old.runId())).isEmpty();
      assertThat(j.store.listAll("runs/" + old.runId() + "/").count()).isZero();
      assertThat(TaskCache.on(j.store).entries("square")).singleElement()
          .satisfies(e -> assertThat(e.runId()).isEqualTo(old.runId()));
      RunHandle<Object> again = engine.run(wf, 7L, RunOptions.DEFAULT);
      assertThat(again.await(WAIT)).isEqualTo(7L);
      assertThat(again.status().node("square").orElseThrow().state()).isEqualTo(NodeState.CACHED);
    }
    assertThat(j.calls("square")).isEqualTo(1);
  }

  @Test
  void aResumedRunDoesNotRunWhatSucceededAndRunsWhatWasCutShortAsANewAttempt() throws Exception {
    WorkflowSpec wf = diamond();
    String runId;
    try (Engine first = j.engine("first", b -> b)) {
      RunHandle<Object> run = first.run(wf, 5L, RunOptions.DEFAULT);
      runId = run.runId();
      Journaled.await("a and b journaled as succeeded, slow running",
          () -> j.journaled(runId, "a", NodeState.SUCCEEDED) && j.journaled(runId, "b", NodeState.SUCCEEDED)
              && j.journaled(runId, "slow", NodeState.RUNNING));
    } // closing leaves the run unfinished in the journal, its lease released
    assertThat(j.history(runId).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    j.gate.countDown();

    try (Engine second = j.engine("second", b -> b.workflow(wf))) {
      RunHandle<Object> resumed = second.resume(runId);
      assertThat(resumed.runId()).isEqualTo(runId);
      assertThat(resumed.await(WAIT)).isEqualTo(123L);
      assertThat(resumed.status().node("slow").orElseThrow().attempts()).isEqualTo(2);
    }
    assertThat(j.calls("a")).isEqualTo(1);
    assertThat(j.calls("b")).isEqualTo(1);
    assertThat(j.calls("slow")).isEqualTo(2);
    assertThat(j.calls("c")).isEqualTo(1);
    RunHistory history = j.history(runId).orElseThrow();
    assertThat(history.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(history.node("slow").orElseThrow().attemptName()).contains(runId + "-slow-2");
    assertThat(history.records()).filteredOn(r -> r instanceof JournalRecord.NodeUpdate u && u.node().equals("a")
        && u.state() == NodeState.SUCCEEDED).hasSize(1);
  }

  @Test
  void aResumedMapRunsOnlyTheElementsThatHadNotSucceeded() throws Exception {
    Map<Long, AtomicInteger> callsByItem = new ConcurrentHashMap<>();
    TaskSpec tenTimes = Dag.task("ten-times", 1, (args, ctx) -> {
      long x = (Long) args[0];
      callsByItem.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet();
      if (x == 3 && !j.gate.await(Journaled.WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate never opened");
      }
      return x * 10;
    });
    WorkflowSpec wf = Dag.named("mapper", Types.listOf(Long.class))
        .node(new MapNode("each", tenTimes, Binding.INPUT, 0, 1))
        .returning("each", Types.listOf(Long.class));
    String runId;
    try (Engine first = j.engine("first", b -> b)) {
      runId = first.run(wf, List.of(1L, 2L, 3L, 4L), RunOptions.DEFAULT).runId();
      Journaled.await("three elements journaled as succeeded, the third running",
          () -> j.journaled(runId, "each[0]", NodeState.SUCCEEDED) && j.journaled(runId, "each[1]", NodeState.SUCCEEDED)
              && j.journaled(runId, "each[3]", NodeState.SUCCEEDED) && j.journaled(runId, "each[2]", NodeState.RUNNING));
    }
    j.gate.countDown();
    try (Engine second = j.engine("second", b -> b.workflow(wf))) {
      assertThat(second.resume(runId).await(WAIT)).isEqualTo(List.of(10L, 20L, 30L, 40L));
    }
    assertThat(callsByItem).containsOnlyKeys(1L, 2L, 3L, 4L);
    assertThat(callsByItem.get(3L)).hasValue(2);
    assertThat(List.of(callsByItem.get(1L).get(), callsByItem.get(2L).get(), callsByItem.get(4L).get()))
        .containsOnly(1);
  }
}
