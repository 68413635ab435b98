package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.RetryHint;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RetryHintTest {
  static final class Hinted extends RuntimeException implements RetryHint {
    private final boolean retryable;

    Hinted(String message, boolean retryable) {
      super(message);
      this.retryable = retryable;
    }

    @Override
    public boolean retryable() {
      return retryable;
    }
  }

  private static RunHandle<Object> run(RetryPolicy policy, boolean retryable) {
    TaskSpec task = Dag.task("remote", 1, (args, ctx) -> 0L, b -> b.retry(policy));
    WorkflowSpec spec = Dag.named("hinted").call("t", task, Dag.INPUT).returning("t");
    Engine engine =
        Engine.builder()
            .interceptor((attempt, next) -> attempt.attempt() < 3
                ? CompletableFuture.failedFuture(new Hinted("attempt " + attempt.attempt(), retryable))
                : CompletableFuture.completedFuture(3L))
            .build();
    RunHandle<Object> run = engine.run(spec, 1L, RunOptions.DEFAULT);
    run.completion().whenComplete((v, e) -> engine.close());
    return run;
  }

  @Test
  void aFailureThatSaysRetryingCannotHelpIsNotRetriedEvenIfThePolicyRetriesEverything() {
    RunHandle<Object> run =
        run(RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(1)).build(), false);
    assertThatThrownBy(() -> run.await(Duration.ofSeconds(10))).hasStackTraceContaining("attempt 1");
    assertThat(run.status().node("t").orElseThrow().attempts()).isEqualTo(1);
  }

  @Test
  void aFailureThatSaysRetryingMayHelpIsRetriedWithinTheBudgetWhateverTheExceptionLists() throws Exception {
    RunHandle<Object> run =
        run(RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(1))
            .retryOn(IOException.class).build(), true);
    assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(3L);
    assertThat(run.status().node("t").orElseThrow().attempts()).isEqualTo(3);
  }
}
