package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.Placement;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.TaskExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** An executor's {@link TaskExecutor#maxInFlight()}: the engine keeps the excess QUEUED. */
class ExecutorSlotsTest {

  /** Holds every attempt until the test completes it. */
  private static final class Gate implements TaskExecutor {
    final BlockingQueue<CompletableFuture<Object>> started = new LinkedBlockingQueue<>();

    @Override
    public CompletableFuture<Object> start(Attempt attempt) {
      CompletableFuture<Object> f = new CompletableFuture<>();
      started.add(f);
      return f;
    }

    @Override
    public int maxInFlight() {
      return 2;
    }
  }

  @Test
  void attemptsBeyondTheExecutorsLimitWaitQueuedAndStartAsSlotsFree() throws Exception {
    Gate gate = new Gate();
    TaskSpec task = Dag.task("slow", 1, (a, c) -> 0L,
        b -> b.placement(new Placement("gated", null, Map.of(), List.of(), Map.of())));
    Dag dag = Dag.named("slots");
    for (int i = 0; i < 5; i++) {
      dag.call("n" + i, task, Dag.INPUT);
    }
    WorkflowSpec spec = dag.returning("n0");
    try (Engine engine = Engine.builder().executor("gated", gate).build()) {
      RunHandle<Object> run = engine.run(spec, 1L, RunOptions.DEFAULT);
      CompletableFuture<Object> first = gate.started.poll(10, TimeUnit.SECONDS);
      CompletableFuture<Object> second = gate.started.poll(10, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(second).isNotNull();
      await(run, s -> count(s, NodeState.QUEUED) == 3 && count(s, NodeState.RUNNING) == 2);
      assertThat(gate.started).isEmpty();

      first.complete(7L);
      CompletableFuture<Object> third = gate.started.poll(10, TimeUnit.SECONDS);
      assertThat(third).isNotNull();
      await(run, s -> count(s, NodeState.QUEUED) == 2 && count(s, NodeState.RUNNING) == 2);
      assertThat(gate.started).isEmpty();

      second.complete(7L);
      third.complete(7L);
      for (int i = 0; i < 2; i++) {
        CompletableFuture<Object> next = gate.started.poll(10, TimeUnit.SECONDS);
        assertThat(next).isNotNull();
        next.complete(7L);
      }
      assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(7L);
      assertThat(count(run.status(), NodeState.SUCCEEDED)).isEqualTo(5);
    }
  }

  private static long count(RunStatus status, NodeState state) {
    return status.nodes().stream().filter(n -> n.state() == state).count();
  }

  private static void await(RunHandle<Object> run, Predicate<RunStatus> condition)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.test(run.status())) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("run status never matched:\n" + run.status().toTable());
      }
      Thread.sleep(5);
    }
  }
}
