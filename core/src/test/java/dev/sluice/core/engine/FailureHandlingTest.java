package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.model.FailurePolicy;
import dev.sluice.core.model.RunFailure;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FailureHandlingTest {
  private final Engine engine = Engine.builder().parallelism(4).build();
  private final CountDownLatch siblingStarted = new CountDownLatch(1);
  private final CountDownLatch siblingInterrupted = new CountDownLatch(1);
  private final AtomicBoolean downstreamRan = new AtomicBoolean();

  @AfterEach
  void close() {
    engine.close();
  }

  /** boom fails once sibling runs; sibling blocks until interrupted; after reads sibling. */
  private WorkflowSpec failingNextToARunningSibling() {
    TaskSpec boom =
        Dag.task("boom", 1, (a, c) -> {
          siblingStarted.await(10, TimeUnit.SECONDS);
          throw new IllegalStateException("boom");
        });
    TaskSpec sibling = blocksUntilInterrupted("sibling");
    TaskSpec after = Dag.task("after", 1, (a, c) -> {
      downstreamRan.set(true);
      return 1L;
    });
    return Dag.named("failing")
        .call("boom", boom, Dag.INPUT)
        .call("sibling", sibling, Dag.INPUT)
        .call("after", after, "sibling")
        .call("join", Dag.task("join", 2, (a, c) -> 0L), "boom", "after")
        .returning("join");
  }

  @Test
  void failFastCancelsRunningSiblingsAndPendingNodes() throws InterruptedException {
    RunHandle<Object> run = engine.run(failingNextToARunningSibling(), 1L, RunOptions.DEFAULT);

    assertThatThrownBy(() -> run.await(Duration.ofSeconds(10)))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("node 'boom' failed after 1 attempt(s): IllegalStateException: boom");
    assertThat(siblingInterrupted.await(10, TimeUnit.SECONDS)).as("sibling interrupted").isTrue();
    RunStatus status = run.status();
    assertThat(status.state()).isEqualTo(RunState.FAILED);
    assertThat(status.node("boom").orElseThrow().state()).isEqualTo(NodeState.FAILED);
    assertThat(status.node("sibling").orElseThrow().state()).isEqualTo(NodeState.CANCELLED);
    assertThat(status.node("after").orElseThrow().state()).isEqualTo(NodeState.CANCELLED);
    assertThat(status.node("join").orElseThrow().state()).isEqualTo(NodeState.CANCELLED);
    assertThat(downstreamRan).isFalse();
  }

  @Test
  void finishRunnableLetsIndependentBranchesFinish() {
    CountDownLatch boomFailed = new CountDownLatch(1);
    TaskSpec boom = Dag.task("boom", 1, (a, c) -> {
      boomFailed.countDown();
      throw new IllegalStateException("boom");
    });
    TaskSpec slow = Dag.task("slow", 1, (a, c) -> {
      boomFailed.await(10, TimeUnit.SECONDS); // still running when boom fails
      return 2L;
    });
    TaskSpec after = Dag.task("after", 1, (a, c) -> {
      downstreamRan.set(true);
      return (Long) a[0] + 1;
    });
    WorkflowSpec spec =
        Dag.named("finish-runnable")
            .call("boom", boom, Dag.INPUT)
            .call("slow", slow, Dag.INPUT)
            .call("after", after, "slow")
            .call("needs-boom", Dag.task("needs-boom", 1, (a, c) -> 0L), "boom")
            .call("needs-both", Dag.task("needs-both", 2, (a, c) -> 0L), "boom", "slow")
            .returning("after");

    RunHandle<Object> run =
        engine.run(spec, 1L, RunOptions.builder().failurePolicy(FailurePolicy.FINISH_RUNNABLE).build());

    assertThatThrownBy(() -> run.await(Duration.ofSeconds(10))).isInstanceOf(RunFailedException.class);
    RunStatus status = run.status();
    assertThat(status.node("slow").orElseThrow().state()).isEqualTo(NodeState.SUCCEEDED);
    assertThat(status.node("after").orElseThrow().state()).isEqualTo(NodeState.SUCCEEDED);
    assertThat(downstreamRan).isTrue();
    NodeStatus blocked = status.node("needs-boom").orElseThrow();
    assertThat(blocked.state()).isEqualTo(NodeState.CANCELLED);
    assertThat(blocked.error().orElseThrow().message()).isEqualTo("not run: upstream node 'boom' failed");
    // The node that failed is named, not the parent that happened to finish last.
    assertThat(status.node("needs-both").orElseThrow().error().orElseThrow().message())
        .isEqualTo("not run: upstream node 'boom' failed");
  }

  @Test
  void cancellingARunStopsItsAttempts() throws InterruptedException {
    Recorder recorder = new Recorder();
    RunHandle<Object> run = engine.run(blockingUntilInterrupted(), 1L, recorder.options());
    assertThat(siblingStarted.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(run.cancel()).isTrue();

    assertThatThrownBy(() -> run.await(Duration.ofSeconds(10)))
        .isInstanceOf(RunFailedException.class)
        .hasMessageEndingWith("was cancelled");
    assertThat(siblingInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(run.status().state()).isEqualTo(RunState.CANCELLED);
    NodeStatus after = run.status().node("after").orElseThrow();
    assertThat(after.state()).isEqualTo(NodeState.CANCELLED);
    assertThat(after.error().orElseThrow().message()).isEqualTo("the run was cancelled");
    RunEvent finished = recorder.events.get(recorder.events.size() - 1);
    assertThat(finished).isInstanceOfSatisfying(RunEvent.RunFinished.class, f -> {
      assertThat(f.state()).isEqualTo(RunState.CANCELLED);
      assertThat(f.error().orElseThrow().type()).isEqualTo("Cancelled");
    });
    assertThat(run.cancel()).as("second cancel").isFalse();
  }

  @Test
  void awaitWithADeadlineThrowsTimeoutAndTheRunGoesOn() throws InterruptedException {
    RunHandle<Object> run = engine.run(blockingUntilInterrupted(), 1L, RunOptions.DEFAULT);

    assertThatThrownBy(() -> run.await(Duration.ofMillis(50)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("still RUNNING");
    assertThat(run.isDone()).isFalse();
    run.cancel();
  }

  @Test
  void closingTheEngineCancelsItsRuns() throws InterruptedException {
    RunHandle<Object> run = engine.run(blockingUntilInterrupted(), 1L, RunOptions.DEFAULT);
    assertThat(siblingStarted.await(10, TimeUnit.SECONDS)).isTrue();

    engine.close();

    assertThat(run.status().state()).isEqualTo(RunState.CANCELLED);
    assertThat(siblingInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> engine.run(blockingUntilInterrupted(), 1L, RunOptions.DEFAULT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("engine is closed");
  }

  @Test
  void theOnFailureTaskReceivesTheFailedRunsContext() throws Exception {
    CompletableFuture<RunFailure> seen = new CompletableFuture<>();
    TaskSpec handler =
        TaskSpec.builder("notify").input("failure", RunFailure.class).output(Void.class)
            .jvm((a, c) -> {
              seen.complete((RunFailure) a[0]);
              return null;
            })
            .build();
    TaskSpec boom = Dag.task("boom", 1, (a, c) -> {
      throw new IllegalStateException("model diverged");
    });
    WorkflowSpec spec =
        Dag.named("with-handler").call("train", boom, Dag.INPUT).builder()
            .onFailure(handler)
            .output(Dag.ref("train"), Long.class)
            .build();

    RunHandle<Object> run = engine.run(spec, 1L, RunOptions.DEFAULT);

    assertThatThrownBy(() -> run.await(Duration.ofSeconds(10))).isInstanceOf(RunFailedException.class);
    RunFailure failure = seen.get(10, TimeUnit.SECONDS);
    assertThat(failure.runId()).isEqualTo(run.runId());
    assertThat(failure.workflowName()).isEqualTo("with-handler");
    assertThat(failure.nodePath()).isEqualTo("train");
    assertThat(failure.message()).isEqualTo("model diverged");
    assertThat(run.status().node("on-failure").orElseThrow().state()).isEqualTo(NodeState.SUCCEEDED);
  }

  private WorkflowSpec blockingUntilInterrupted() {
    TaskSpec block = blocksUntilInterrupted("block");
    return Dag.named("blocking")
        .call("block", block, Dag.INPUT)
        .call("after", Dag.task("after", 1, (a, c) -> 1L), "block")
        .returning("after");
  }

  /** Signals {@code siblingStarted}, then waits until interrupted and signals that too. */
  private TaskSpec blocksUntilInterrupted(String name) {
    return Dag.task(name, 1, (a, c) -> {
          siblingStarted.countDown();
          try {
            new CountDownLatch(1).await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            siblingInterrupted.countDown();
            throw e;
          }
          return 1L;
        });
  }
}
