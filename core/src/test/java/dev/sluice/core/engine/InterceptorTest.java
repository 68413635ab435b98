package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InterceptorTest {

  @Test
  void interceptorsRunInOrderAroundTheExecutorAndMayRewriteTheResult() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    TaskSpec inc = Dag.task("inc", 1, (args, ctx) -> (Long) args[0] + 1);
    WorkflowSpec spec = Dag.named("chain").call("a", inc, Dag.INPUT).returning("a");
    try (Engine engine =
        Engine.builder()
            .interceptor((attempt, next) -> {
              seen.add("outer " + attempt.nodePath());
              return next.proceed(attempt).thenApply(v -> (Long) v * 10);
            })
            .interceptor((attempt, next) -> {
              seen.add("inner " + attempt.nodePath());
              return next.proceed(attempt);
            })
            .build()) {
      Object out = engine.run(spec, 4L, RunOptions.DEFAULT).await(Duration.ofSeconds(10));
      assertThat(out).isEqualTo(50L);
      assertThat(seen).containsExactly("outer a", "inner a");
    }
  }

  @Test
  void anAttemptAnsweredByAnInterceptorKeepsTheTasksRetryPolicy() throws Exception {
    TaskSpec neverRuns =
        Dag.task("never-runs", 1, (args, ctx) -> {
          throw new AssertionError("the interceptor answers every attempt");
        }, b -> b.retry(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(1)).build()));
    WorkflowSpec spec = Dag.named("mocked").call("t", neverRuns, Dag.INPUT).returning("t");
    try (Engine engine =
        Engine.builder()
            .interceptor((attempt, next) -> attempt.attempt() < 3
                ? CompletableFuture.failedFuture(new IllegalStateException("flaky " + attempt.attempt()))
                : CompletableFuture.completedFuture(7L))
            .build()) {
      RunHandle<Object> run = engine.run(spec, 1L, RunOptions.DEFAULT);
      assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(7L);
      assertThat(run.status().node("t").orElseThrow().attempts()).isEqualTo(3);
    }
  }
}
