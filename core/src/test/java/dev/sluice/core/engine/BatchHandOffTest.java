package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.Invoker;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.TaskInterceptor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * JVM tasks made ready by one task's end (a fan-out's items, a lattice's next layer) reach the task
 * pool as one batch that each pool thread claims from, not one queue hand-off per task.
 */
class BatchHandOffTest {

  @Test
  void aThousandTasksReleasedByOneTaskReachTheTwoThreadPoolInAFewHandOffs() throws Exception {
    // before batching: one execute per released task (≥ 999); now the source, plus a copy per thread
    assertThat(executesOfAThousandWideFanOut(Engine.builder())).isLessThan(50);
  }

  /**
   * When an attempt had already ended by the time its end was registered (another pool thread ran
   * it first), its end was handed to the pool and handled outside any completion: every task it
   * made ready went to the pool on its own (999 hand-offs for a 1,000-wide fan-out, half the
   * benchmark's runs). The handed-over end is now handled as a completion too.
   */
  @Test
  void tasksReleasedByAnAttemptThatEndedBeforeItsEndWasRegisteredAreStillHandedOverInABatch() throws Exception {
    TaskInterceptor endsFirst = // the source's attempt is over before the engine registers its end
        (attempt, next) -> {
          CompletableFuture<Object> f = next.proceed(attempt);
          if (attempt.task().name().equals("source")) {
            f.exceptionally(e -> null).join();
          }
          return f;
        };
    assertThat(executesOfAThousandWideFanOut(Engine.builder().interceptor(endsFirst))).isLessThan(50);
  }

  /** Runs a 1,000-wide fan-out on a counting pool of 2 threads; returns the pool's execute calls. */
  private static int executesOfAThousandWideFanOut(Engine.Builder builder) throws Exception {
    CountingPool pool = new CountingPool(2);
    try (Engine engine = builder.taskPool(pool).build()) {
      assertThat(engine.run(fanOut(1_000, (args, ctx) -> (Long) args[0] + 1), 1L, RunOptions.DEFAULT)
              .await(Duration.ofSeconds(30)))
          .isEqualTo(2L);
    } finally {
      pool.shutdownNow();
    }
    return pool.executes.get();
  }

  @Test
  void tasksReleasedTogetherStillRunAtTheSameTimeOnEveryThreadOfThePool() throws Exception {
    int width = 4;
    CountDownLatch allRunning = new CountDownLatch(width);
    CountingPool pool = new CountingPool(width);
    try (Engine engine = Engine.builder().taskPool(pool).build()) {
      Object out =
          engine
              .run(
                  fanOut(
                      width,
                      (args, ctx) -> {
                        allRunning.countDown(); // each waits until all four run at once
                        return allRunning.await(20, TimeUnit.SECONDS) ? 1L : -1L;
                      }),
                  1L,
                  RunOptions.DEFAULT)
              .await(Duration.ofSeconds(30));
      assertThat(out).isEqualTo(1L);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The tasks of a batch are split between the pool threads, each claiming from its own share: a
   * slow task must not hold up the rest of its thread's share while the other thread is free.
   */
  @Test
  void aSlowTaskDoesNotHoldUpTheTasksReleasedWithItWhileAThreadIsFree() throws Exception {
    int width = 21; // item0 runs next on the source's thread; items 1..20 go to the pool as a batch
    CountDownLatch othersDone = new CountDownLatch(width - 2);
    AtomicInteger slow = new AtomicInteger(-1);
    AtomicBoolean heldUp = new AtomicBoolean();
    CountingPool pool = new CountingPool(2);
    try (Engine engine = Engine.builder().taskPool(pool).build()) {
      Invoker item =
          (args, ctx) -> {
            int me = Integer.parseInt(ctx.nodePath().substring("item".length()));
            if (me == 0) {
              return 1L;
            }
            if (slow.compareAndSet(-1, me)) { // the first item of the batch to start is the slow one
              heldUp.set(!othersDone.await(20, TimeUnit.SECONDS));
            } else {
              othersDone.countDown();
            }
            return 1L;
          };
      assertThat(engine.run(fanOut(width, item), 1L, RunOptions.DEFAULT).await(Duration.ofSeconds(60)))
          .isEqualTo(1L);
      assertThat(heldUp).as("the other 19 items waited behind item %d", slow.get()).isFalse();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPoolThatRefusesTheBatchFailsItsTasksInsteadOfLeavingTheRunWaiting() throws Exception {
    CountingPool pool = new CountingPool(2);
    try (Engine engine = Engine.builder().taskPool(pool).build()) {
      WorkflowSpec spec = fanOut(10, (args, ctx) -> (Long) args[0] + 1, () -> pool.refusing.set(true));
      RunHandle<Object> run = engine.run(spec, 1L, RunOptions.DEFAULT);
      assertThatThrownBy(() -> run.await(Duration.ofSeconds(30)))
          .isInstanceOf(RunFailedException.class)
          .hasStackTraceContaining("refused");
      assertThat(run.status().nodes())
          .filteredOn(n -> n.state() == NodeState.FAILED)
          .isNotEmpty()
          .allSatisfy(n -> assertThat(n.error().orElseThrow().summary()).contains("RejectedExecution"));
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A task whose attempt the pool refused used to leave its run RUNNING for ever: the failed
   * attempt's end was handed to the same pool, which refused it too, and the refusal was lost
   * inside {@code whenComplete}. The attempt's end is now handled on the spot when the pool refuses.
   */
  @Test
  void aRunStartedOnAPoolThatRefusesWorkFailsInsteadOfWaitingForEver() throws Exception {
    CountingPool pool = new CountingPool(2);
    try (Engine engine = Engine.builder().taskPool(pool).build()) {
      pool.refusing.set(true);
      RunHandle<Object> run = engine.run(fanOut(2, (args, ctx) -> 1L), 1L, RunOptions.DEFAULT);
      assertThatThrownBy(() -> run.await(Duration.ofSeconds(30)))
          .isInstanceOf(RunFailedException.class)
          .hasStackTraceContaining("refused");
    } finally {
      pool.shutdownNow();
    }
  }

  private static WorkflowSpec fanOut(int width, Invoker item) {
    return fanOut(width, item, () -> {});
  }

  /** A source task and {@code width} items reading it; the output is the first item's. */
  private static WorkflowSpec fanOut(int width, Invoker item, Runnable inSource) {
    TaskSpec source =
        TaskSpec.builder("source")
            .input("x", Long.class)
            .output(Long.class)
            .jvm(
                (args, ctx) -> {
                  inSource.run();
                  return args[0];
                })
            .build();
    TaskSpec each = TaskSpec.builder("item").input("x", Long.class).output(Long.class).jvm(item).build();
    WorkflowSpec.Builder wf = WorkflowSpec.builder("fan-out", Long.class);
    wf.node(new TaskNode("source", source, List.of(Binding.INPUT)));
    for (int i = 0; i < width; i++) {
      wf.node(new TaskNode("item" + i, each, List.of(Binding.output("source"))));
    }
    return wf.output(Binding.output("item0"), Long.class).build();
  }

  /** A fixed pool that counts what it is given, and refuses everything once told to. */
  private static final class CountingPool extends ThreadPoolExecutor {
    final AtomicInteger executes = new AtomicInteger();
    final AtomicBoolean refusing = new AtomicBoolean();

    CountingPool(int threads) {
      super(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
    }

    @Override
    public void execute(Runnable command) {
      if (refusing.get()) {
        throw new RejectedExecutionException("refused: the test's pool is refusing work");
      }
      executes.incrementAndGet();
      super.execute(command);
    }
  }
}
