package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.TaskExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** engine.fork: a new run from an ended one, re-running one node and exactly what is downstream of it. */
class ForkTest {
  @TempDir Path dir;
  Journaled j;

  @BeforeEach
  void setUp() {
    j = new Journaled(dir);
  }

  @AfterEach
  void tearDown() {
    j.close();
  }

  /** a=in+1, b=a+10, c=b+in, d=c+100, e=a+1000 (not downstream of c), f=d+e. */
  WorkflowSpec workflow() {
    return Dag.named("forked")
        .call("a", j.adder("a", 1, 1), Dag.INPUT)
        .call("b", j.adder("b", 1, 10), "a")
        .call("c", j.adder("c", 2, 0), "b", Dag.INPUT)
        .call("d", j.adder("d", 1, 100), "c")
        .call("e", j.adder("e", 1, 1000), "a")
        .call("f", j.adder("f", 2, 0), "d", "e")
        .returning("f");
  }

  @Test
  void aForkFromAMiddleNodeWithAnotherInputRerunsExactlyTheDownstreamNodes() {
    WorkflowSpec wf = workflow();
    try (Engine engine = j.engine("e", b -> b.workflow(wf))) {
      RunHandle<Object> first = engine.run(wf, 1L, RunOptions.DEFAULT);
      assertThat(first.await()).isEqualTo(1115L);

      RunHandle<Object> fork = engine.fork(first.runId(), ForkOptions.from("c").input(5L).build());

      assertThat(fork.await()).isEqualTo(1119L); // c = 12 + 5, d = 117, f = 117 + 1002
      assertThat(List.of(j.calls("a"), j.calls("b"), j.calls("c"), j.calls("d"), j.calls("e"), j.calls("f")))
          .as("a b c d e f executions").containsExactly(1, 1, 2, 2, 1, 2);
      RunHistory history = j.history(fork.runId()).orElseThrow();
      assertThat(history.start().origin()).isEqualTo(Origin.fork(first.runId()));
      assertThat(history.start().recoveredFrom()).contains(first.runId());
    }
  }

  @Test
  void aForkWithAnOverriddenOutputUsesItInsteadOfRunningTheNode() {
    WorkflowSpec wf = workflow();
    try (Engine engine = j.engine("e", b -> b.workflow(wf))) {
      RunHandle<Object> first = engine.run(wf, 1L, RunOptions.DEFAULT);
      first.await();
      RunHandle<Object> fork = engine.fork(first.runId(), ForkOptions.from("c").output("b", 50L).build());
      assertThat(fork.await()).isEqualTo(50L + 1 + 100 + 1002);
      assertThat(j.calls("b")).isEqualTo(1);
      assertThatThrownBy(() -> engine.fork(first.runId(), ForkOptions.from("nope").build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no such top-level node");
      assertThatThrownBy(() -> engine.fork(first.runId(), ForkOptions.from("c").output("b", "x").build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("returns Long, not a java.lang.String");
    }
  }

  @Test
  void aForkCanSendOneTaskToAnotherExecutor() {
    WorkflowSpec wf = workflow();
    AtomicInteger onOther = new AtomicInteger();
    TaskExecutor other = new TaskExecutor() {
      @Override
      public CompletableFuture<Object> start(Attempt attempt) {
        onOther.incrementAndGet();
        return CompletableFuture.completedFuture(-1L);
      }
    };
    try (Engine engine = j.engine("e", b -> b.workflow(wf).executor("other", other))) {
      RunHandle<Object> first = engine.run(wf, 1L, RunOptions.DEFAULT);
      first.await();
      RunHandle<Object> fork = engine.fork(first.runId(), ForkOptions.from("d").executor("d", "other").build());
      assertThat(fork.await()).isEqualTo(-1L + 1002);
      assertThat(onOther).hasValue(1);
      assertThat(fork.status().node("d").orElseThrow().executor()).contains("other");
      assertThat(j.calls("d")).as("d ran on the other executor, not locally").isEqualTo(1);
      assertThatThrownBy(() -> engine.fork(first.runId(), ForkOptions.from("d").executor("zzz", "other").build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calls no task [zzz]");
    }
  }

  @Test
  void aForkSendsTasksInsideASubWorkflowAndABranchArmToAnotherExecutorByNodePath() {
    WorkflowSpec inner = Dag.named("tune").call("fit", j.adder("fit", 1, 10), Dag.INPUT).returning("fit");
    WorkflowSpec wf = Dag.named("nested")
        .call("a", j.adder("a", 1, 1), Dag.INPUT)
        .node(new dev.sluice.core.model.SubWorkflowNode("tune", inner, Dag.ref("a")))
        .node(new dev.sluice.core.model.BranchNode("branch", List.of(new dev.sluice.core.model.BranchCase(
            Dag.ref("tune"), new dev.sluice.core.model.Condition("always", x -> true),
            new dev.sluice.core.model.TaskNode("deploy", j.adder("deploy", 1, 100), List.of(Dag.ref("tune"))))),
            java.util.Optional.empty(), Long.class))
        .returning("branch");
    List<String> onOther = new java.util.concurrent.CopyOnWriteArrayList<>();
    TaskExecutor other = new TaskExecutor() {
      @Override
      public CompletableFuture<Object> start(Attempt attempt) {
        onOther.add(attempt.nodePath());
        return CompletableFuture.completedFuture(-1L);
      }
    };
    try (Engine engine = j.engine("e", b -> b.workflow(wf).executor("other", other))) {
      RunHandle<Object> first = engine.run(wf, 1L, RunOptions.DEFAULT);
      assertThat(first.await()).isEqualTo(112L);

      RunHandle<Object> fork = engine.fork(first.runId(),
          ForkOptions.from("tune").executor("tune/fit", "other").executor("branch/deploy", "other").build());

      assertThat(fork.await()).isEqualTo(-1L);
      assertThat(onOther).containsExactlyInAnyOrder("tune/fit", "branch/deploy");
      assertThat(fork.status().node("tune/fit").orElseThrow().executor()).contains("other");
      assertThat(fork.status().node("branch/deploy").orElseThrow().executor()).contains("other");
      assertThat(List.of(j.calls("a"), j.calls("fit"), j.calls("deploy"))).as("a fit deploy run locally")
          .containsExactly(1, 1, 1);
      assertThatThrownBy(() -> engine.fork(first.runId(), ForkOptions.from("tune").executor("tune/nope", "other").build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[tune/nope]")
          .hasMessageContaining("node path");
    }
  }
}
