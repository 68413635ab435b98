package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.WorkflowSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulingTest {
  private final Engine engine = Engine.builder().parallelism(4).build();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void passesValuesAlongADiamond() throws TimeoutException {
    WorkflowSpec spec =
        Dag.named("diamond")
            .call("double", Dag.task("double", 1, (a, c) -> (Long) a[0] * 2), Dag.INPUT)
            .call("plus1", Dag.task("plus1", 1, (a, c) -> (Long) a[0] + 1), Dag.INPUT)
            .call("mul", Dag.task("mul", 2, (a, c) -> (Long) a[0] * (Long) a[1]), "double", "plus1")
            .returning("mul");

    assertThat(engine.run(spec, 5L, RunOptions.DEFAULT).await(Duration.ofSeconds(10))).isEqualTo(60L);
  }

  @Test
  void independentNodesRunAtTheSameTime() throws TimeoutException {
    // Both tasks wait at a two-party barrier: it only opens if both run at once.
    CyclicBarrier both = new CyclicBarrier(2);
    dev.sluice.core.model.TaskSpec meet =
        Dag.task(
            "meet",
            1,
            (a, c) -> {
              both.await(10, TimeUnit.SECONDS);
              return (Long) a[0];
            });
    WorkflowSpec spec =
        Dag.named("parallel")
            .call("left", meet, Dag.INPUT)
            .call("right", meet, Dag.INPUT)
            .call("sum", Dag.task("sum", 2, (a, c) -> (Long) a[0] + (Long) a[1]), "left", "right")
            .returning("sum");

    assertThat(engine.run(spec, 21L, RunOptions.DEFAULT).await(Duration.ofSeconds(20))).isEqualTo(42L);
  }

  @Test
  void aNodeStartsOnlyAfterAllItsParentsSucceeded() throws TimeoutException {
    ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    WorkflowSpec spec =
        Dag.named("order")
            .call("a", record("a", order, 1), Dag.INPUT)
            .call("b", record("b", order, 1), Dag.INPUT)
            .call("c", record("c", order, 2), "a", "b")
            .call("d", record("d", order, 1), "c")
            .returning("d");

    engine.run(spec, 1L, RunOptions.DEFAULT).await(Duration.ofSeconds(10));

    List<String> seen = List.copyOf(order);
    assertThat(seen).hasSize(4).endsWith("c", "d");
    assertThat(seen.subList(0, 2)).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void runsA100kChainOnTheDefaultStack() throws TimeoutException {
    Dag dag = Dag.named("long-chain");
    dev.sluice.core.model.TaskSpec inc = Dag.task("inc", 1, (a, c) -> (Long) a[0] + 1);
    String previous = Dag.INPUT;
    for (int i = 0; i < 100_000; i++) {
      dag.call("n" + i, inc, previous);
      previous = "n" + i;
    }
    WorkflowSpec spec = dag.returning(previous);

    assertThat(engine.run(spec, 0L, RunOptions.DEFAULT).await(Duration.ofSeconds(60))).isEqualTo(100_000L);
  }

  @Test
  void fanOutAndFanInOfAThousandTasks() throws TimeoutException {
    AtomicInteger calls = new AtomicInteger();
    Dag dag = Dag.named("fan");
    dev.sluice.core.model.TaskSpec leaf =
        Dag.task("leaf", 1, (a, c) -> {
          calls.incrementAndGet();
          return (Long) a[0] + 1;
        });
    dev.sluice.core.model.TaskSpec.Builder sum = dev.sluice.core.model.TaskSpec.builder("sum").output(Long.class);
    String[] leaves = new String[1000];
    for (int i = 0; i < leaves.length; i++) {
      leaves[i] = "leaf" + i;
      dag.call(leaves[i], leaf, Dag.INPUT);
      sum.input("in" + i, Long.class);
    }
    sum.jvm(
        (a, c) -> {
          long total = 0;
          for (Object o : a) {
            total += (Long) o;
          }
          return total;
        });
    WorkflowSpec spec = dag.call("sum", sum.build(), leaves).returning("sum");

    assertThat(engine.run(spec, 1L, RunOptions.DEFAULT).await(Duration.ofSeconds(30))).isEqualTo(2000L);
    assertThat(calls).hasValue(1000);
  }

  @Test
  void perTaskConcurrencyLimitHoldsAcrossRuns() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CyclicBarrier neverTwo = new CyclicBarrier(2);
    dev.sluice.core.model.TaskSpec exclusive =
        Dag.task(
            "exclusive",
            1,
            (a, c) -> {
              peak.accumulateAndGet(running.incrementAndGet(), Math::max);
              try {
                // If a second attempt ran now, both would meet here; with the limit, none does.
                neverTwo.await(50, TimeUnit.MILLISECONDS);
              } catch (TimeoutException | BrokenBarrierException expected) {
                neverTwo.reset();
              } finally {
                running.decrementAndGet();
              }
              return (Long) a[0];
            },
            b -> b.maxConcurrency(1));
    WorkflowSpec spec =
        Dag.named("limited")
            .call("x", exclusive, Dag.INPUT)
            .call("y", exclusive, Dag.INPUT)
            .returning("y");

    RunHandle<Object> first = engine.run(spec, 1L, RunOptions.DEFAULT);
    RunHandle<Object> second = engine.run(spec, 2L, RunOptions.DEFAULT);

    assertThat(first.await(Duration.ofSeconds(20))).isEqualTo(1L);
    assertThat(second.await(Duration.ofSeconds(20))).isEqualTo(2L);
    assertThat(peak).hasValue(1);
  }

  private static dev.sluice.core.model.TaskSpec record(
      String name, ConcurrentLinkedQueue<String> order, int inputs) {
    return Dag.task(
        name,
        inputs,
        (a, c) -> {
          order.add(name);
          return 1L;
        });
  }

  @Test
  void aTaskMayStartAndAwaitANestedRunOnTheSameEngine() throws TimeoutException {
    WorkflowSpec inner =
        Dag.named("inner").call("triple", Dag.task("triple", 1, (a, c) -> (Long) a[0] * 3), Dag.INPUT).returning("triple");
    dev.sluice.core.model.TaskSpec nesting =
        Dag.task("nesting", 1, (a, c) -> (Long) engine.run(inner, a[0], RunOptions.DEFAULT).await(Duration.ofSeconds(10)) + 1);
    WorkflowSpec outer =
        Dag.named("outer")
            .call("first", Dag.task("first", 1, (a, c) -> (Long) a[0] + 1), Dag.INPUT)
            .call("nesting", nesting, "first")
            .returning("nesting");

    assertThat(engine.run(outer, 1L, RunOptions.DEFAULT).await(Duration.ofSeconds(20))).isEqualTo(7L);
  }

  @Test
  void aCallbackOnARunsCompletionMayStartAndAwaitAnotherRun() throws Exception {
    WorkflowSpec one = Dag.named("one").call("inc", Dag.task("inc", 1, (a, c) -> (Long) a[0] + 1), Dag.INPUT).returning("inc");
    java.util.concurrent.CompletableFuture<Object> second = new java.util.concurrent.CompletableFuture<>();

    engine.run(one, 1L, RunOptions.DEFAULT).completion().thenAccept(first -> {
      try {
        second.complete(engine.run(one, (Long) first * 10, RunOptions.DEFAULT).await(Duration.ofSeconds(10)));
      } catch (RuntimeException | TimeoutException e) {
        second.completeExceptionally(e);
      }
    });

    assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo(21L);
  }
}
