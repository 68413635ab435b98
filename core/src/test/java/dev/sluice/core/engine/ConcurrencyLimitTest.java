package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.Uninterruptibles;
import dev.sluice.core.Await;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.TaskInterceptor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code maxConcurrency(n)} bounds the task bodies actually running, not the attempts in flight. */
class ConcurrencyLimitTest {
  private static final int LIMIT = 3;

  /**
   * Regression: the permit was released when an attempt was cancelled (or timed out), not when its
   * body returned, so bodies that ignore interrupts kept running while the next attempts started:
   * 6 to 8 bodies at once under a limit of 3. Run A fills the limit with bodies that ignore the
   * interrupt, run B queues three more calls, A is cancelled: B's attempts must not be launched
   * until A's bodies have returned.
   */
  @Test
  void maxConcurrencyIsNotExceededByCancelledBodiesThatIgnoreInterrupts() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    TaskSpec stubborn =
        Dag.task(
            "stubborn",
            1,
            (a, c) -> {
              peak.accumulateAndGet(inside.incrementAndGet(), Math::max);
              try {
                Uninterruptibles.awaitUninterruptibly(release); // ignores the cancel's interrupt
                return (Long) a[0];
              } finally {
                inside.decrementAndGet();
              }
            },
            b -> b.maxConcurrency(LIMIT));
    WorkflowSpec three =
        Dag.named("three")
            .call("x", stubborn, Dag.INPUT)
            .call("y", stubborn, Dag.INPUT)
            .call("z", stubborn, Dag.INPUT)
            .returning("z");
    // Each launch records how many bodies were running when the engine let it through.
    List<Integer> runningAtLaunch = new CopyOnWriteArrayList<>();
    TaskInterceptor probe =
        (attempt, next) -> {
          runningAtLaunch.add(inside.get());
          return next.proceed(attempt);
        };
    try (Engine engine = Engine.builder().parallelism(8).interceptor(probe).build()) {
      try {
        RunHandle<Object> a = engine.run(three, 1L, RunOptions.DEFAULT);
      Await.until(() -> inside.get() == LIMIT, "run A's three bodies running");
      RunHandle<Object> b = engine.run(three, 2L, RunOptions.DEFAULT);
      Await.until(
          () -> b.status().nodes().stream().filter(n -> n.state() == NodeState.QUEUED).count() == 3,
          "run B's three calls queued behind the limit");

      a.cancel();
      Await.until(() -> a.status().state() == RunState.CANCELLED, "run A cancelled");
      assertThat(inside).as("A's bodies ignore the interrupt and still run").hasValue(LIMIT);
      assertThat(runningAtLaunch).as("no launch while %d bodies run", LIMIT).allMatch(n -> n < LIMIT);

      release.countDown();
      assertThat(b.await(Duration.ofSeconds(20))).isEqualTo(2L);
      } finally {
        release.countDown(); // a failed assertion must not leave bodies blocking the engine's close
      }
    }
    assertThat(runningAtLaunch).hasSize(6).allMatch(n -> n < LIMIT);
    assertThat(peak.get()).isLessThanOrEqualTo(LIMIT);
  }
}
