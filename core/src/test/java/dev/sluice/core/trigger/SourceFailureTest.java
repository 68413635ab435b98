package dev.sluice.core.trigger;

import static dev.sluice.core.trigger.Decision.LAUNCHED;
import static dev.sluice.core.trigger.Decision.NO_DATA;
import static dev.sluice.core.trigger.Decision.PENDING;
import static dev.sluice.core.trigger.Decision.SOURCE_ERROR;
import static dev.sluice.core.trigger.Decision.SOURCE_UNAVAILABLE;
import static dev.sluice.core.trigger.TriggerFixture.decisions;
import static dev.sluice.core.trigger.TriggerFixture.last;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.spi.MetricQueryException;
import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.spi.MetricSource;
import dev.sluice.core.spi.MetricSourceUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A source that fails, answers nothing, or answers what a threshold cannot use never fires. */
class SourceFailureTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private final TriggerFixture f = new TriggerFixture();
  private final TestSource accuracy = new TestSource("accuracy").value(0.5);

  @AfterEach
  void close() {
    f.close();
  }

  private TriggerService start(TriggerCondition when, SourcePolicy policy) {
    return f.start(b -> b.sourcePolicy(policy)
        .trigger(MetricTrigger.builder("t", f.plan).when(when).every(MINUTE).build()));
  }

  @Test
  void anUnavailableSourceIsRetriedThenRecordedAndNeverFiresNorCountsAsSustained() {
    TriggerService service =
        start(TriggerCondition.below(accuracy, 0.85).sustainedFor(Duration.ofMinutes(2)), TriggerFixture.fastPolicy());
    f.time.advance(MINUTE); // 0 and 1 min: below for 0 s, 1 min
    accuracy.fail(new MetricSourceUnavailableException("connection refused"));
    int before = accuracy.reads.get();
    f.time.advance(MINUTE); // 2 min: three attempts (retries 1 s and 2 s later on the manual clock)
    f.time.advance(Duration.ofSeconds(3));
    assertThat(accuracy.reads.get() - before).isEqualTo(3);
    TriggerEvaluation down = last(service, "t");
    assertThat(down.decision()).isEqualTo(SOURCE_UNAVAILABLE);
    assertThat(down.reason()).isEqualTo("accuracy: source unavailable: connection refused (after 3 attempts)");
    assertThat(down.seen()).singleElement().satisfies(o -> {
      assertThat(o.samples()).isEmpty();
      assertThat(o.failure()).hasValue("connection refused (after 3 attempts)");
    });
    accuracy.value(0.5);
    f.time.advance(MINUTE); // 3 min: the count starts again instead of firing
    assertThat(decisions(service, "t")).containsExactly(PENDING, PENDING, SOURCE_UNAVAILABLE, PENDING);
    assertThat(last(service, "t").reason()).isEqualTo("accuracy 0.5 < 0.85 for 0ms of 2m");
    assertThat(f.inputs).isEmpty();
  }

  @Test
  void anEmptyResultIsNoDataNeverZero() {
    TriggerService service = start(TriggerCondition.below(accuracy.noData(), 0.85), TriggerFixture.fastPolicy());
    assertThat(last(service, "t").decision()).isEqualTo(NO_DATA);
    assertThat(last(service, "t").reason()).isEqualTo("accuracy: no data");
    assertThat(f.inputs).isEmpty();
  }

  @Test
  void aRefusedQueryIsNotRetriedAndSaysWhy() {
    accuracy.fail(new MetricQueryException("Prometheus refused query 'x(': bad_data: parse error"));
    TriggerService service = start(TriggerCondition.below(accuracy, 0.85), TriggerFixture.fastPolicy());
    f.time.advance(Duration.ofSeconds(10));
    assertThat(accuracy.reads.get()).isEqualTo(1);
    assertThat(last(service, "t").decision()).isEqualTo(SOURCE_ERROR);
    assertThat(last(service, "t").reason())
        .isEqualTo("accuracy: source error: Prometheus refused query 'x(': bad_data: parse error");
  }

  @Test
  void severalSeriesOrNaNCannotBeComparedWithABound() {
    TriggerService service = start(TriggerCondition.below(accuracy.value(0.5, 0.6), 0.85), TriggerFixture.fastPolicy());
    assertThat(last(service, "t").decision()).isEqualTo(SOURCE_ERROR);
    assertThat(last(service, "t").reason())
        .startsWith("accuracy: 2 series (accuracy{shard=\"s0\"}, accuracy{shard=\"s1\"}); a threshold compares one");
    accuracy.value(Double.NaN);
    f.time.advance(MINUTE);
    assertThat(last(service, "t").reason()).isEqualTo("accuracy: the value is NaN");
    assertThat(f.inputs).isEmpty();
  }

  @Test
  void theCircuitBreakerOpensOnAFailingSourceAndTriesAgainAfterItsOpenTime() {
    SourcePolicy policy = TriggerFixture.fastPolicy().toBuilder().maxAttempts(1).breaker(4, 50, Duration.ofMinutes(10)).build();
    accuracy.fail(new MetricSourceUnavailableException("503"));
    TriggerService service = start(TriggerCondition.below(accuracy, 0.85), policy);
    f.time.advance(Duration.ofMinutes(3)); // 4 failed reads (0 to 3 min): the breaker opens
    assertThat(accuracy.reads.get()).isEqualTo(4);
    f.time.advance(Duration.ofMinutes(9)); // open until 13 min: no read at all
    assertThat(accuracy.reads.get()).isEqualTo(4);
    assertThat(last(service, "t").reason())
        .isEqualTo("accuracy: source unavailable: circuit breaker open after repeated failures; next try within 10m");
    accuracy.value(0.5);
    f.time.advance(Duration.ofMinutes(2)); // 14 min: half open, the read succeeds
    assertThat(accuracy.reads.get()).isGreaterThan(4);
    assertThat(last(service, "t").decision()).isEqualTo(LAUNCHED);
  }

  @Test
  void aReadThatHangsTimesOutIsInterruptedAndDoesNotPileUp() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(1);
    MetricSource hanging =
        new MetricSource() {
          @Override
          public String name() {
            return "slow";
          }

          @Override
          public List<MetricSample> read(Instant now) {
            started.countDown();
            try {
              never.await();
            } catch (InterruptedException e) {
              interrupted.set(true);
            }
            return List.of();
          }
        };
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      SourcePolicy policy = TriggerFixture.fastPolicy().toBuilder().maxAttempts(1).timeout(Duration.ofSeconds(5)).build();
      TriggerService service =
          f.start(b -> b.sourcePolicy(policy).sourceExecutor(pool)
              .trigger(MetricTrigger.builder("t", f.plan).when(TriggerCondition.below(hanging, 1)).every(MINUTE).build()));
      assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
      f.time.advance(Duration.ofSeconds(5)); // the time limiter's timeout, on the manual clock
      TriggerFixture.await(() -> !service.history("t").isEmpty(), "the timed-out evaluation");
      assertThat(last(service, "t").reason()).isEqualTo("slow: source unavailable: no answer within 5s");
      TriggerFixture.await(interrupted::get, "the hanging read interrupted");
    } finally {
      pool.shutdownNow();
    }
  }
}
