package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journaled runs in one JVM: what the journal holds, resume after the engine stopped, recover. */
class DurableRunTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  /** Released to let {@code gate} tasks finish. */
  private volatile CountDownLatch gate = new CountDownLatch(1);

  private ArtifactStore store;
  private RunStore runs;

  @AfterEach
  void close() {
    gate.countDown();
  }

  private int calls(String task) {
    return calls.computeIfAbsent(task, k -> new AtomicInteger()).get();
  }

  /** {@code name}(inputs...) = sum of inputs + add; counts its calls. */
  private TaskSpec adder(String name, int inputs, long add) {
    return Dag.task(name, inputs, (args, ctx) -> {
      calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
      long sum = add;
      for (Object a : args) {
        sum += (Long) a;
      }
      return sum;
    });
  }

  /** A task that waits for {@link #gate}, then returns its input + 100. */
  private TaskSpec gated(String name) {
    return Dag.task(name, 1, (args, ctx) -> {
      calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
      if (!gate.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate never opened");
      }
      return (Long) args[0] + 100;
    });
  }

  /** in -> a(+1) -> slow(+100) -> c(+10); in -> b(+2); out = c. */
  private WorkflowSpec diamond() {
    return Dag.named("diamond")
        .call("a", adder("a", 1, 1), Dag.INPUT)
        .call("b", adder("b", 1, 2), Dag.INPUT)
        .call("slow", gated("slow"), "a")
        .call("c", adder("c", 2, 10), "slow", "b")
        .returning("c");
  }

  private Engine engine(String id, WorkflowSpec... workflows) {
    if (store == null) {
      store = ArtifactStores.filesystem(dir.resolve("store"));
      runs = RunStores.filesystem(dir.resolve("journal"));
    }
    Engine.Builder b = Engine.builder().parallelism(2).store(store).runStore(runs).engineId(id)
        .workDirectory(dir.resolve("work-" + id));
    for (WorkflowSpec w : workflows) {
      b.workflow(w);
    }
    return b.build();
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  @Test
  void aJournaledRunRecordsItsStartEveryNodeWithItsOutputAndItsEnd() throws Exception {
    gate.countDown();
    WorkflowSpec wf = diamond();
    String runId;
    try (Engine engine = engine("e1")) {
      RunHandle<Object> run = engine.run(wf, 5L, RunOptions.builder().label("team", "qoe").origin(Origin.trigger("drift")).build());
      assertThat(run.await(WAIT)).isEqualTo(5L + 1 + 100 + 5 + 2 + 10);
      runId = run.runId();
    }
    RunHistory history = RunHistory.of(runs.read(runId));
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
    List<RunSummary> listed = runs.runs(RunQuery.builder().label("team", "qoe").build());
    assertThat(listed).singleElement().satisfies(s -> {
      assertThat(s.runId()).isEqualTo(runId);
      assertThat(s.state()).isEqualTo(RunState.SUCCEEDED);
    });
  }

  @Test
  void aResumedRunDoesNotRunWhatSucceededAndRunsWhatWasCutShortAsANewAttempt() throws Exception {
    WorkflowSpec wf = diamond();
    String runId;
    try (Engine first = engine("first")) {
      RunHandle<Object> run = first.run(wf, 5L, RunOptions.DEFAULT);
      runId = run.runId();
      await("a and b journaled as succeeded, slow running", () -> {
        List<JournalRecord> records = runs.read(runId);
        if (records.isEmpty()) {
          return false;
        }
        RunHistory h = RunHistory.of(records);
        return h.node("a").map(n -> n.state() == NodeState.SUCCEEDED).orElse(false)
            && h.node("b").map(n -> n.state() == NodeState.SUCCEEDED).orElse(false)
            && h.node("slow").map(n -> n.state() == NodeState.RUNNING).orElse(false);
      });
    } // closing leaves the run unfinished in the journal, its lease released
    assertThat(RunHistory.of(runs.read(runId)).state()).isEqualTo(RunState.RUNNING);
    gate.countDown();

    try (Engine second = engine("second", wf)) {
      RunHandle<Object> resumed = second.resume(runId);
      assertThat(resumed.runId()).isEqualTo(runId);
      assertThat(resumed.await(WAIT)).isEqualTo(123L);
      assertThat(resumed.status().node("slow").orElseThrow().attempts()).isEqualTo(2);
    }
    assertThat(calls("a")).isEqualTo(1);
    assertThat(calls("b")).isEqualTo(1);
    assertThat(calls("slow")).isEqualTo(2);
    assertThat(calls("c")).isEqualTo(1);
    RunHistory history = RunHistory.of(runs.read(runId));
    assertThat(history.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(history.node("slow").orElseThrow().attemptName()).contains(runId + "-slow-2");
    assertThat(history.records()).filteredOn(r -> r instanceof JournalRecord.NodeUpdate u && u.node().equals("a")
        && u.state() == NodeState.SUCCEEDED).hasSize(1);
  }
}
