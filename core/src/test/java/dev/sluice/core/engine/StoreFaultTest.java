package dev.sluice.core.engine;

import static dev.sluice.core.engine.Journaled.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.artifact.FileRef;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.Invoker;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.StoreFailedException;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store or run store that fails during a run: store faults are retried apart from the task's
 * retry policy, a store that stays down is reported as a store failure on the node that hit it, and
 * the run's handle never claims a success its journal lacks.
 */
class StoreFaultTest {
  /** Fast store retries for tests: 4 tries, 5 ms apart. */
  private static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(5))
      .maxBackoff(Duration.ofMillis(20)).build();

  @TempDir Path dir;
  private final AtomicInteger writes = new AtomicInteger();
  private final AtomicInteger reads = new AtomicInteger();

  private static TaskSpec task(String name, Type in, Type out, Invoker body, RetryPolicy retry) {
    return TaskSpec.builder(name).input("in0", in).output(out).jvm(body).retry(retry).build();
  }

  /** write(n) returns a file; read(file) returns its length. */
  private WorkflowSpec writeThenRead() {
    TaskSpec write = task("write", Long.class, FileRef.class, (a, c) -> {
      writes.incrementAndGet();
      return FileRef.of(Files.writeString(dir.resolve("out-" + a[0] + ".txt"), "x".repeat(((Long) a[0]).intValue())));
    }, RetryPolicy.exponential(3, Duration.ofMillis(1)));
    TaskSpec read = task("read", FileRef.class, Long.class, (a, c) -> {
      reads.incrementAndGet();
      return ((FileRef) a[0]).size();
    }, RetryPolicy.NONE);
    return Dag.named("files").call("write", write, Dag.INPUT).call("read", read, "write").returning("read");
  }

  private Engine.Builder journaled(FaultyStore store) {
    return Engine.builder().parallelism(2).store(store).runStore(RunStores.filesystem(dir.resolve("journal")))
        .workDirectory(dir.resolve("work")).storeRetry(FAST);
  }

  private FaultyStore store() {
    return new FaultyStore(ArtifactStores.filesystem(dir.resolve("store")));
  }

  @Test
  void aStoreBlipWhileJournalingAnOutputIsRetriedAndTheNodeSucceeds() throws Exception {
    FaultyStore store = store().fail(FaultyStore.Op.PUT, k -> k.startsWith("blobs/"), 3);
    try (Engine engine = journaled(store).build()) {
      assertThat(engine.run(writeThenRead(), 7L, RunOptions.DEFAULT).await(WAIT)).isEqualTo(7L);
    }
    assertThat(store.injected()).isEqualTo(3);
    assertThat(writes).hasValue(1); // the store was retried, not the task
    assertThat(reads).hasValue(1);
  }

  @Test
  void aStoreThatStaysDownFailsTheNodeThatHitItAsAStoreFailureNotAsJson() throws Exception {
    FaultyStore store = store().failAlways(FaultyStore.Op.PUT, k -> k.startsWith("blobs/"));
    try (Engine engine = journaled(store).build()) {
      RunHandle<Object> run = engine.run(writeThenRead(), 7L, RunOptions.DEFAULT);
      assertThatThrownBy(() -> run.await(WAIT))
          .isInstanceOf(RunFailedException.class)
          .hasMessageContaining("node 'write' failed after 1 attempt(s): StoreFailedException")
          .hasMessageContaining("could not store the output of node 'write'")
          .hasMessageContaining("circuit breaker open")
          .hasMessageNotContaining("JSON")
          .satisfies(e -> assertThat(((RunFailedException) e).failedNode()).contains("write"));
      NodeStatus write = run.status().node("write").orElseThrow();
      assertThat(write.state()).isEqualTo(NodeState.FAILED);
      assertThat(write.error().orElseThrow().type()).isEqualTo(StoreFailedException.class.getName());
      assertThat(write.error().orElseThrow().cause()).isInstanceOf(StoreFailedException.class)
          .satisfies(e -> assertThat(((StoreFailedException) e).retryable()).isFalse());
      assertThat(run.status().node("read").orElseThrow().state()).isNotEqualTo(NodeState.FAILED);
    }
    // store faults are retried by the store retry policy (4 tries), never by re-running the task
    assertThat(writes).hasValue(1);
    assertThat(reads).hasValue(0);
  }

  @Test
  void anUploadFailureInAMapIsBlamedOnTheElementThatHitItNotOnTheMapAfterZeroAttempts() throws Exception {
    FaultyStore store = store().failAlways(FaultyStore.Op.PUT, k -> k.startsWith("blobs/"));
    TaskSpec write = task("write", Long.class, FileRef.class, (a, c) -> {
      writes.incrementAndGet();
      return FileRef.of(Files.writeString(dir.resolve("out-" + a[0] + ".txt"), "content " + a[0]));
    }, RetryPolicy.NONE);
    WorkflowSpec wf = Dag.named("fan", Types.listOf(Long.class))
        .node(new MapNode("each", write, Binding.INPUT, 0, 1))
        .returning("each", Types.listOf(FileRef.class));
    try (Engine engine = journaled(store).build()) {
      RunHandle<Object> run = engine.run(wf, List.of(1L), RunOptions.DEFAULT);
      assertThatThrownBy(() -> run.await(WAIT))
          .isInstanceOf(RunFailedException.class)
          .hasMessageContaining("could not store the output of node 'each[0]'")
          .hasMessageNotContaining("0 attempt(s)")
          .hasMessageNotContaining("JSON");
      assertThat(run.status().node("each[0]").orElseThrow().error().orElseThrow().type())
          .isEqualTo(StoreFailedException.class.getName());
    }
  }

  @Test
  void cancellingARunWhoseNodeOutputIsStillBeingStoredEndsTheRun() throws Exception {
    FaultyStore store = store().failAlways(FaultyStore.Op.PUT, k -> k.startsWith("blobs/"));
    RetryPolicy patient = RetryPolicy.builder().maxAttempts(1000).initialBackoff(Duration.ofSeconds(1))
        .maxBackoff(Duration.ofSeconds(1)).build(); // retries the store far longer than the test waits
    try (Engine engine = journaled(store).storeRetry(patient).build()) {
      RunHandle<Object> run = engine.run(writeThenRead(), 7L, RunOptions.DEFAULT);
      Journaled.await("the task ended and its output is being stored", () -> store.injected() > 0);
      assertThat(run.cancel()).isTrue();
      assertThatThrownBy(() -> run.await(WAIT)).isInstanceOf(RunFailedException.class).hasMessageContaining("cancelled");
      assertThat(run.status().node("write").orElseThrow().state()).isEqualTo(NodeState.CANCELLED);
    }
    assertThat(writes).hasValue(1);
  }

  @Test
  void aFailingMetricWriteDoesNotFailATaskThatSucceeded() throws Exception {
    FaultyStore store = store().failAlways(FaultyStore.Op.PUT, k -> k.contains("metrics/"));
    TaskSpec measured = Dag.task("measured", 1, (a, c) -> {
      c.metrics().record("loss", 0.25, Map.of());
      return (Long) a[0] + 1;
    });
    WorkflowSpec wf = Dag.named("measured").call("measured", measured, Dag.INPUT).returning("measured");
    try (Engine engine = Engine.builder().store(store).workDirectory(dir.resolve("work")).build()) {
      RunHandle<Object> run = engine.run(wf, 1L, RunOptions.DEFAULT);
      assertThat(run.await(WAIT)).isEqualTo(2L);
      assertThat(run.status().node("measured").orElseThrow().attempts()).isEqualTo(1);
    }
    assertThat(store.injected()).isPositive();
  }

  @Test
  void awaitDoesNotReportASuccessTheJournalLacks() throws Exception {
    FaultyRunStore runs = new FaultyRunStore(RunStores.filesystem(dir.resolve("journal"))).failRunEnds();
    Journaled j = new Journaled(dir);
    WorkflowSpec wf = Dag.named("one").call("a", j.adder("a", 1, 1), Dag.INPUT).returning("a");
    String runId;
    // journal appends follow the store retry policy: a short one, so that the run end is given up on soon
    try (Engine engine = Engine.builder().store(j.store).runStore(runs).workDirectory(dir.resolve("work"))
        .storeRetry(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(10)).build())
        .engineId("e1").workflow(wf).build()) {
      RunHandle<Object> run = engine.run(wf, 5L, RunOptions.DEFAULT);
      runId = run.runId();
      assertThatThrownBy(() -> run.await(WAIT))
          .isInstanceOf(RunAbandonedException.class)
          .hasMessageContaining("run " + runId)
          .hasMessageContaining("unfinished in the journal")
          .hasMessageContaining("engine.resume(\"" + runId + "\")");
      assertThat(run.status().state()).isNotEqualTo(RunState.SUCCEEDED);
      assertThat(run.completion().toCompletableFuture()).isCompletedExceptionally();
      // the journal agrees: the run is not finished there
      assertThat(runs.runs(RunQuery.all())).singleElement()
          .satisfies(s -> assertThat(s.state()).isEqualTo(RunState.RUNNING));
    }
    runs.heal();
    try (Engine engine = Engine.builder().store(j.store).runStore(runs).workDirectory(dir.resolve("work"))
        .engineId("e2").workflow(wf).build()) {
      assertThat(engine.resume(runId).await(WAIT)).isEqualTo(6L);
    }
    // run again only if its success went out in the same (failed) append as the run's end
    assertThat(j.calls("a")).isBetween(1, 2);
    assertThat(runs.runs(RunQuery.all())).singleElement()
        .satisfies(s -> assertThat(s.state()).isEqualTo(RunState.SUCCEEDED));
  }
}
