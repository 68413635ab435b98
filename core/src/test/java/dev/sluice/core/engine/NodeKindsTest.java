package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.BranchCase;
import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.Condition;
import dev.sluice.core.model.DynamicNode;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeKindsTest {
  private final Engine engine = Engine.builder().parallelism(4).build();
  private final AtomicInteger high = new AtomicInteger();
  private final AtomicInteger low = new AtomicInteger();

  @AfterEach
  void close() {
    engine.close();
  }

  private WorkflowSpec branchOnInput(boolean withOtherwise) {
    TaskSpec highTask = Dag.task("high", 1, (a, c) -> {
      high.incrementAndGet();
      return (Long) a[0] * 100;
    });
    TaskSpec lowTask = Dag.task("low", 1, (a, c) -> {
      low.incrementAndGet();
      return -(Long) a[0];
    });
    BranchNode branch =
        new BranchNode(
            "decide",
            List.of(
                new BranchCase(
                    Binding.INPUT,
                    new Condition("input > 10", v -> (Long) v > 10),
                    new TaskNode("high", highTask, List.of(Binding.INPUT)))),
            withOtherwise
                ? Optional.of(new TaskNode("low", lowTask, List.of(Binding.INPUT)))
                : Optional.empty(),
            Long.class);
    return Dag.named("branchy")
        .node(branch)
        .call("report", Dag.task("report", 1, (a, c) -> (Long) a[0] + 1), "decide")
        .returning("report");
  }

  @Test
  void aBranchRunsExactlyOneArmAndSkipsTheOthers() throws TimeoutException {
    RunHandle<Object> run = engine.run(branchOnInput(true), 42L, RunOptions.DEFAULT);

    assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(4201L);
    assertThat(high).hasValue(1);
    assertThat(low).hasValue(0);
    RunStatus status = run.status();
    assertThat(status.node("decide").orElseThrow().state()).isEqualTo(NodeState.SUCCEEDED);
    assertThat(status.node("decide/high").orElseThrow().state()).isEqualTo(NodeState.SUCCEEDED);
    assertThat(status.node("decide/low").orElseThrow().state()).isEqualTo(NodeState.SKIPPED);
  }

  @Test
  void theOtherwiseArmRunsWhenNoCaseHolds() throws TimeoutException {
    RunHandle<Object> run = engine.run(branchOnInput(true), 3L, RunOptions.DEFAULT);

    assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(-2L);
    assertThat(high).hasValue(0);
    assertThat(low).hasValue(1);
    assertThat(run.status().node("decide/high").orElseThrow().state()).isEqualTo(NodeState.SKIPPED);
  }

  @Test
  void cancellingARunCancelsTheTaskRunningInItsBranchArm() throws Exception {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    TaskSpec slow = Dag.task("slow", 1, (a, c) -> {
      started.countDown();
      never.await(); // interrupted by the cancellation
      return 0L;
    });
    WorkflowSpec wf = Dag.named("slow-arm")
        .node(new BranchNode("decide", List.of(new BranchCase(Binding.INPUT, new Condition("always", v -> true),
            new TaskNode("slow", slow, List.of(Binding.INPUT)))), Optional.empty(), Long.class))
        .returning("decide");
    RunHandle<Object> run = engine.run(wf, 1L, RunOptions.DEFAULT);
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    run.cancel();

    assertThatThrownBy(() -> run.await(Duration.ofSeconds(10))).isInstanceOf(RunFailedException.class);
    assertThat(run.status().node("decide").orElseThrow().state()).isEqualTo(NodeState.CANCELLED);
    assertThat(run.status().node("decide/slow").orElseThrow().state())
        .as("the arm's task is cancelled with its run, not left running").isEqualTo(NodeState.CANCELLED);
  }

  @Test
  void aBranchWithNoArmTakenIsSkippedAndSoIsWhatReadsIt() {
    RunHandle<Object> run = engine.run(branchOnInput(false), 3L, RunOptions.DEFAULT);

    assertThatThrownBy(() -> run.await(Duration.ofSeconds(10)))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("output node was SKIPPED");
    assertThat(run.status().node("decide").orElseThrow().state()).isEqualTo(NodeState.SKIPPED);
    assertThat(run.status().node("report").orElseThrow().state()).isEqualTo(NodeState.SKIPPED);
    assertThat(high.get() + low.get()).isZero();
  }

  private static WorkflowSpec mapOver(TaskSpec task, int concurrency, double minSuccessRatio) {
    return Dag.named("mapper", Types.listOf(Long.class))
        .node(new MapNode("each", task, Binding.INPUT, concurrency, minSuccessRatio))
        .returning("each", Types.listOf(Long.class));
  }

  @Test
  void aMapAppliesTheTaskToEveryElementInOrder() throws TimeoutException {
    TaskSpec square = Dag.task("square", 1, (a, c) -> (Long) a[0] * (Long) a[0]);
    List<Long> input = List.of(1L, 2L, 3L, 4L, 5L);

    Object out = engine.run(mapOver(square, 0, 1), input, RunOptions.DEFAULT).await(Duration.ofSeconds(10));

    assertThat(out).isEqualTo(List.of(1L, 4L, 9L, 16L, 25L));
  }

  @Test
  void aMapNeverRunsMoreElementsAtOnceThanItsConcurrency() throws TimeoutException {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CyclicBarrier pairs = new CyclicBarrier(2); // elements meet in pairs: at least 2 at once
    TaskSpec tracked =
        Dag.task("tracked", 1, (a, c) -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            pairs.await(10, TimeUnit.SECONDS);
            return (Long) a[0];
          } finally {
            running.decrementAndGet();
          }
        });
    List<Long> input = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);

    Object out = engine.run(mapOver(tracked, 2, 1), input, RunOptions.DEFAULT).await(Duration.ofSeconds(30));

    assertThat(out).isEqualTo(input);
    assertThat(peak).hasValue(2);
  }

  @Test
  void aMapSucceedsWithNullsWhenEnoughElementsSucceed() throws TimeoutException {
    TaskSpec oddFails = Dag.task("odd-fails", 1, (a, c) -> {
      if ((Long) a[0] % 2 == 1) {
        throw new IllegalArgumentException("odd " + a[0]);
      }
      return (Long) a[0];
    });
    List<Long> input = List.of(0L, 1L, 2L, 3L, 4L, 6L, 8L, 10L, 12L, 14L); // 2 of 10 fail

    RunHandle<Object> run = engine.run(mapOver(oddFails, 0, 0.8), input, RunOptions.DEFAULT);

    assertThat(run.await(Duration.ofSeconds(10)))
        .isEqualTo(Arrays.asList(0L, null, 2L, null, 4L, 6L, 8L, 10L, 12L, 14L));
    assertThat(run.status().node("each[1]").orElseThrow().state()).isEqualTo(NodeState.FAILED);
    assertThat(run.status().node("each[2]").orElseThrow().state()).isEqualTo(NodeState.SUCCEEDED);
  }

  @Test
  void aMapFailsWhenTooManyElementsFail() {
    TaskSpec oddFails = Dag.task("odd-fails", 1, (a, c) -> {
      if ((Long) a[0] % 2 == 1) {
        throw new IllegalArgumentException("odd " + a[0]);
      }
      return (Long) a[0];
    });
    List<Long> input = List.of(0L, 1L, 2L, 3L, 4L, 6L, 8L, 10L, 12L, 14L);

    RunHandle<Object> run = engine.run(mapOver(oddFails, 1, 0.9), input, RunOptions.DEFAULT);

    assertThatThrownBy(() -> run.await(Duration.ofSeconds(10)))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("map 'each': 2 of 10 elements failed but at most 1 may (minSuccessRatio 0.9)")
        .hasMessageContaining("odd 1")
        .hasCauseInstanceOf(MapFailedException.class);
  }

  @Test
  void anEmptyListMapsToAnEmptyList() throws TimeoutException {
    TaskSpec square = Dag.task("square", 1, (a, c) -> (Long) a[0] * (Long) a[0]);

    assertThat(engine.run(mapOver(square, 0, 1), List.of(), RunOptions.DEFAULT).await(Duration.ofSeconds(10)))
        .isEqualTo(List.of());
  }

  @Test
  void aSubWorkflowRunsWithItsInputAndItsOutputFlowsOn() throws TimeoutException {
    WorkflowSpec inner =
        Dag.named("inner")
            .call("twice", Dag.task("twice", 1, (a, c) -> (Long) a[0] * 2), Dag.INPUT)
            .call("plus3", Dag.task("plus3", 1, (a, c) -> (Long) a[0] + 3), "twice")
            .returning("plus3");
    WorkflowSpec outer =
        Dag.named("outer")
            .call("seed", Dag.task("seed", 1, (a, c) -> (Long) a[0] + 1), Dag.INPUT)
            .node(new SubWorkflowNode("sub", inner, Binding.output("seed")))
            .returning("sub");

    RunHandle<Object> run = engine.run(outer, 4L, RunOptions.DEFAULT);

    assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(13L);
    assertThat(run.status().nodes())
        .extracting(NodeStatus::path)
        .containsExactly("seed", "sub", "sub/twice", "sub/plus3");
  }

  @Test
  void aDynamicNodeBuildsItsDagFromItsInputsAtRunTime() throws TimeoutException {
    TaskSpec inc = Dag.task("inc", 1, (a, c) -> (Long) a[0] + 1);
    DynamicNode fan =
        new DynamicNode(
            "fan",
            List.of(Binding.INPUT),
            Long.class,
            args -> {
              long n = (Long) args[0];
              Dag dag = Dag.named("fan-body", Void.class);
              List<String> ids = new ArrayList<>();
              Binding previous = Binding.literal(0L, Long.class);
              for (int i = 0; i < n; i++) {
                dag.node(new TaskNode("inc" + i, inc, List.of(previous)));
                previous = Binding.output("inc" + i);
                ids.add("inc" + i);
              }
              return dag.returning(ids.get(ids.size() - 1));
            });
    WorkflowSpec spec = Dag.named("dynamic").node(fan).returning("fan");

    RunHandle<Object> run = engine.run(spec, 5L, RunOptions.DEFAULT);

    assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(5L);
    assertThat(run.status().node("fan/inc4").orElseThrow().state()).isEqualTo(NodeState.SUCCEEDED);
  }

  @Test
  void aDynamicNodeWhoseBuilderThrowsFailsWithTheReason() {
    DynamicNode broken =
        new DynamicNode("broken", List.of(Binding.INPUT), Long.class, args -> {
          throw new IllegalArgumentException("no plan for " + args[0]);
        });
    WorkflowSpec spec = Dag.named("dynamic-broken").node(broken).returning("broken");

    assertThatThrownBy(() -> engine.run(spec, 5L, RunOptions.DEFAULT).await(Duration.ofSeconds(10)))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("dynamic node 'broken' could not build its workflow: no plan for 5");
  }
}
