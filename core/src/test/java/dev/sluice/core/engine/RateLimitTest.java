package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.ManualTime;
import dev.sluice.core.model.Admission;
import dev.sluice.core.model.TaskSpec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rate limits across runs, on virtual time: starts per period, waiting without a thread. */
class RateLimitTest {
  private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
  /** Unlimited slots; every attempt succeeds at once. */
  private final HeldExecutor executor = new HeldExecutor(0, a -> 0L);

  private Engine engine(RateLimitKey key, RateLimit limit) {
    return Engine.builder().taskPool(time).scheduler(time).clock(time.clock)
        .executor("one", executor).defaultExecutor("one").rateLimit(key, limit).build();
  }

  private Engine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private static TaskSpec limited(String name, String resource) {
    return AdmissionOrderTest.task(name, b -> b.admission(Admission.builder().rateLimits(resource).build()));
  }

  @Test
  void aNamedResourceAllowsItsPermitsPerPeriodAcrossRunsTakingTurns() {
    engine = engine(RateLimitKey.resource("api"), RateLimit.of(2, Duration.ofMinutes(1)));
    TaskSpec call = limited("call", "api");
    RunHandle<Object> first = engine.run(AdmissionOrderTest.fan("first", 3, call), 0L, RunOptions.DEFAULT);
    RunHandle<Object> second = engine.run(AdmissionOrderTest.fan("second", 2, call), 0L, RunOptions.DEFAULT);
    time.advance(Duration.ZERO);
    assertThat(executor.started()).containsExactly("first/n0", "first/n1");
    assertThat(second.status().nodes()).allMatch(n -> n.state() == NodeState.QUEUED);

    time.advance(Duration.ofSeconds(59));
    assertThat(executor.started()).hasSize(2);

    time.advance(Duration.ofSeconds(1)); // a new period: two more, one of each run
    assertThat(executor.started()).containsExactly("first/n0", "first/n1", "first/n2", "second/n0");

    time.advance(Duration.ofMinutes(1));
    assertThat(executor.started()).containsExactly("first/n0", "first/n1", "first/n2", "second/n0", "second/n1");
    time.advance(Duration.ZERO);
    assertThat(first.status().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(second.status().state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void anExecutorsRateLimitCountsEveryTaskOnIt() {
    engine = engine(RateLimitKey.executor("one"), RateLimit.of(1, Duration.ofSeconds(10)));
    engine.run(AdmissionOrderTest.fan("a", 2, AdmissionOrderTest.task("x", b -> b)), 0L, RunOptions.DEFAULT);
    engine.run(AdmissionOrderTest.fan("b", 1, AdmissionOrderTest.task("y", b -> b)), 0L, RunOptions.DEFAULT);
    time.advance(Duration.ZERO);
    assertThat(executor.started()).containsExactly("a/n0");
    time.advance(Duration.ofSeconds(10)); // a/n1 queued before b/n0
    assertThat(executor.started()).containsExactly("a/n0", "a/n1");
    time.advance(Duration.ofSeconds(10));
    assertThat(executor.started()).containsExactly("a/n0", "a/n1", "b/n0");
  }

  @Test
  void aTasksRateLimitLeavesOtherTasksAlone() {
    engine = engine(RateLimitKey.task("x"), RateLimit.of(1, Duration.ofHours(1)));
    engine.run(AdmissionOrderTest.fan("a", 2, AdmissionOrderTest.task("x", b -> b)), 0L, RunOptions.DEFAULT);
    engine.run(AdmissionOrderTest.fan("b", 2, AdmissionOrderTest.task("y", b -> b)), 0L, RunOptions.DEFAULT);
    time.advance(Duration.ZERO);
    assertThat(executor.started()).containsExactly("a/n0", "b/n0", "b/n1");
  }

  @Test
  void aTaskNamingAnUnregisteredRateLimitIsRefusedAtRunStart() {
    engine = engine(RateLimitKey.resource("api"), RateLimit.of(2, Duration.ofMinutes(1)));
    assertThatThrownBy(() -> engine.run(AdmissionOrderTest.fan("w", 1, limited("call", "ray-cluster")), 0L,
        RunOptions.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workflow 'w', node 'n0': task 'call' is rate-limited by 'ray-cluster' but this"
            + " engine has no such rate limit (it has [api])")
        .hasMessageContaining("RateLimitKey.resource(\"ray-cluster\")");
    assertThat(executor.started()).isEmpty();
  }

  @Test
  void aRateLimitNeedsAPermitAndAPeriod() {
    assertThatThrownBy(() -> RateLimit.of(0, Duration.ofSeconds(1)))
        .hasMessageContaining("at least 1 start per period, got 0");
    assertThatThrownBy(() -> RateLimit.of(1, Duration.ZERO)).hasMessageContaining("period must be positive");
  }
}
