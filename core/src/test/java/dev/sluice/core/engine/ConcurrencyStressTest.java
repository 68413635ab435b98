package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.FailurePolicy;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many random DAGs at once, with transient failures that retries absorb, hard failures, both
 * failure policies, cancellations and a shared concurrency limit: every run must end, and every
 * status must be consistent with the DAG (no lost completion, no node ending twice, no node run
 * after an upstream failure).
 */
class ConcurrencyStressTest {
  private static final int RUNS = 150;
  private static final int NODES = 30;

  private record Shape(WorkflowSpec spec, int[][] parents, boolean[] hardFail, long expected) {}

  private static Shape randomShape(long seed) {
    Random random = new Random(seed);
    int[][] parents = new int[NODES][];
    boolean[] hardFail = new boolean[NODES];
    long[] value = new long[NODES];
    Dag dag = Dag.named("stress-" + seed);
    RetryPolicy retry = RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1)).jitter(0).build();
    for (int i = 0; i < NODES; i++) {
      int count = i == 0 ? 0 : 1 + random.nextInt(Math.min(3, i));
      int[] ps = random.ints(0, Math.max(1, i)).distinct().limit(count).toArray();
      parents[i] = i == 0 ? new int[0] : ps;
      hardFail[i] = random.nextInt(60) == 0;
      boolean flaky = random.nextInt(5) == 0;
      boolean limited = random.nextInt(10) == 0;
      long sum = 1;
      for (int p : parents[i]) {
        sum += value[p];
      }
      value[i] = sum % 1_000_003;
      boolean fails = hardFail[i];
      TaskSpec task =
          Dag.task(
              "s" + seed + "-t" + i, // its body captures this shape's values: one name per body
              Math.max(1, parents[i].length),
              (a, c) -> {
                if (fails) {
                  throw new IllegalStateException("hard failure");
                }
                if (flaky && c.attempt() == 1) {
                  throw new IllegalStateException("transient");
                }
                long s = 1;
                for (int k = 0; k < a.length && parents.length > 0; k++) {
                  s += (Long) a[k];
                }
                return s % 1_000_003;
              },
              b -> b.retry(retry).maxConcurrency(limited ? 2 : 0));
      List<String> upstream = new ArrayList<>();
      for (int p : parents[i]) {
        upstream.add("n" + p);
      }
      if (upstream.isEmpty()) {
        upstream.add(Dag.INPUT);
      }
      dag.call("n" + i, task, upstream.toArray(new String[0]));
    }
    // node 0 reads the input (0), so its value is 1 + 0
    return new Shape(dag.returning("n" + (NODES - 1)), parents, hardFail, value[NODES - 1]);
  }

  @Test
  void everyRunEndsWithAStatusConsistentWithItsDag() throws Exception {
    try (Engine engine = Engine.builder().parallelism(4).build()) {
      List<Shape> shapes = new ArrayList<>();
      List<RunHandle<Object>> runs = new ArrayList<>();
      for (int r = 0; r < RUNS; r++) {
        Shape shape = randomShape(r);
        shapes.add(shape);
        FailurePolicy policy = r % 2 == 0 ? FailurePolicy.FAIL_FAST : FailurePolicy.FINISH_RUNNABLE;
        RunHandle<Object> run = engine.run(shape.spec(), 0L, RunOptions.builder().failurePolicy(policy).build());
        if (r % 7 == 3) {
          run.cancel();
        }
        runs.add(run);
      }

      java.util.Map<RunState, Integer> outcomes = new java.util.EnumMap<>(RunState.class);
      for (int r = 0; r < RUNS; r++) {
        RunHandle<Object> run = runs.get(r);
        Shape shape = shapes.get(r);
        run.completion().toCompletableFuture().handle((v, e) -> v).get(30, TimeUnit.SECONDS);
        RunStatus status = run.status();
        outcomes.merge(status.state(), 1, Integer::sum);

        assertThat(status.state()).as("run %d", r).isNotEqualTo(RunState.RUNNING);
        assertThat(status.nodes()).as("run %d: all nodes ended", r).allMatch(n -> n.state().isTerminal());
        for (int i = 0; i < NODES; i++) {
          NodeStatus node = status.node("n" + i).orElseThrow();
          if (node.state() == NodeState.SUCCEEDED) {
            for (int p : shape.parents()[i]) {
              assertThat(status.node("n" + p).orElseThrow().state())
                  .as("run %d: n%d succeeded, so its parent n%d did", r, i, p)
                  .isEqualTo(NodeState.SUCCEEDED);
            }
            assertThat(node.attempts()).isBetween(1, 2);
          }
          if (node.state() == NodeState.FAILED) {
            assertThat(shape.hardFail()[i]).as("run %d: only hard-failing nodes fail (n%d)", r, i).isTrue();
          }
        }
        boolean anyHardFailure = false;
        for (boolean f : shape.hardFail()) {
          anyHardFailure |= f;
        }
        if (status.state() == RunState.SUCCEEDED) {
          assertThat(run.await()).as("run %d output", r).isEqualTo(shape.expected());
        } else if (status.state() == RunState.FAILED) {
          assertThat(anyHardFailure).as("run %d failed, so a node fails for good", r).isTrue();
        } else {
          assertThat(r % 7).as("run %d: only cancelled runs end CANCELLED", r).isEqualTo(3);
        }
      }
      // Every kind of ending was exercised.
      assertThat(outcomes.getOrDefault(RunState.SUCCEEDED, 0)).isGreaterThanOrEqualTo(20);
      assertThat(outcomes.getOrDefault(RunState.FAILED, 0)).isGreaterThanOrEqualTo(10);
      assertThat(outcomes.getOrDefault(RunState.CANCELLED, 0)).isGreaterThanOrEqualTo(10);
    }
  }
}
