package dev.sluice.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

  private static RetryPolicy policy(Duration initial, double multiplier, Duration max, double jitter) {
    return new RetryPolicy(5, initial, multiplier, max, jitter, List.of(), List.of());
  }

  @Test
  void maxAttemptsBelowOne() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be at least 1 (1 = no retry), got 0");
  }

  @Test
  void negativeBackoff() {
    assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofMillis(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backoff durations must not be negative");
    assertThatThrownBy(() -> policy(Duration.ofSeconds(1), 2, Duration.ofSeconds(-1), 0))
        .hasMessage("backoff durations must not be negative");
  }

  @Test
  void multiplierBelowOne() {
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backoff multiplier must be at least 1, got 0.5");
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.0, 1.5, -0.1})
  void jitterOutsideZeroToOne(double jitter) {
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(jitter).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jitter must be in [0, 1), got " + jitter);
  }

  @Test
  void notANumberIsRejected() {
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(Double.NaN).build())
        .hasMessage("backoff multiplier must be at least 1, got NaN");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(Double.NaN).build())
        .hasMessage("jitter must be in [0, 1), got NaN");
  }

  @Test
  void noneIsOneAttempt() {
    assertThat(RetryPolicy.NONE.maxAttempts()).isEqualTo(1);
    assertThat(RetryPolicy.NONE.backoff(1)).isEqualTo(Duration.ZERO);
  }

  @Test
  void exponentialPreset() {
    RetryPolicy p = RetryPolicy.exponential(4, Duration.ofMillis(250));

    assertThat(p)
        .isEqualTo(
            new RetryPolicy(4, Duration.ofMillis(250), 2, Duration.ofMinutes(5), 0.2, List.of(), List.of()));
  }

  @Test
  void builderRaisesMaxBackoffToTheInitialBackoff() {
    RetryPolicy p =
        RetryPolicy.builder().initialBackoff(Duration.ofSeconds(10)).maxBackoff(Duration.ofSeconds(1)).build();

    assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void toBuilderRoundTrips() {
    RetryPolicy p =
        RetryPolicy.builder()
            .maxAttempts(7)
            .multiplier(1.5)
            .jitter(0)
            .retryOn(IOException.class)
            .abortOn(FileNotFoundException.class)
            .build();

    assertThat(p.toBuilder().build()).isEqualTo(p);
    assertThat(p.toBuilder().maxAttempts(2).build().retryOn()).containsExactly(IOException.class);
  }

  @Test
  void byDefaultEveryExceptionIsRetriedButNotAnError() {
    RetryPolicy p = RetryPolicy.exponential(3, Duration.ofSeconds(1));

    assertThat(p.retries(new IOException())).isTrue();
    assertThat(p.retries(new IllegalStateException())).isTrue();
    assertThat(p.retries(new TimeoutException())).isTrue();
    assertThat(p.retries(new AssertionError())).isFalse();
    assertThat(p.retries(new OutOfMemoryError())).isFalse();
  }

  @Test
  void retryOnLimitsToThoseTypesAndTheirSubclasses() {
    RetryPolicy p = RetryPolicy.builder().retryOn(IOException.class).build();

    assertThat(p.retries(new IOException())).isTrue();
    assertThat(p.retries(new FileNotFoundException())).isTrue();
    assertThat(p.retries(new IllegalStateException())).isFalse();
    assertThat(p.retries(new UncheckedIOException(new IOException()))).isFalse();
  }

  @Test
  void abortOnWinsOverRetryOn() {
    RetryPolicy p =
        RetryPolicy.builder().retryOn(IOException.class).abortOn(FileNotFoundException.class).build();

    assertThat(p.retries(new IOException())).isTrue();
    assertThat(p.retries(new FileNotFoundException())).isFalse();
  }

  @Test
  void abortOnWithoutRetryOnStillRetriesOtherExceptions() {
    RetryPolicy p = RetryPolicy.builder().abortOn(IllegalArgumentException.class).build();

    assertThat(p.retries(new NumberFormatException())).isFalse(); // a subclass
    assertThat(p.retries(new IllegalStateException())).isTrue();
    assertThat(p.retries(new StackOverflowError())).isFalse();
  }

  @Test
  void anErrorIsRetriedWhenAskedFor() {
    RetryPolicy p = RetryPolicy.builder().retryOn(AssertionError.class).build();

    assertThat(p.retries(new AssertionError())).isTrue();
    assertThat(p.retries(new IOException())).isFalse();
  }

  @Test
  void backoffGrowsExponentiallyAndIsCappedWithoutJitter() {
    RetryPolicy p = policy(Duration.ofMillis(100), 2, Duration.ofSeconds(1), 0);

    assertThat(List.of(p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(4), p.backoff(5), p.backoff(6)))
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(800),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    assertThat(p.backoff(10_000)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void backoffWithAFractionalMultiplierKeepsGrowingFromSmallValues() {
    RetryPolicy p = policy(Duration.ofMillis(1), 1.5, Duration.ofSeconds(1), 0);

    // 1, 1.5, 2.25, 3.375, 5.0625 ms: truncating each step to whole ms would stay at 1 ms.
    assertThat(p.backoff(5)).isBetween(Duration.ofMillis(5), Duration.ofMillis(6));
    assertThat(p.backoff(2)).isGreaterThan(p.backoff(1));
  }

  @Test
  void subMillisecondBackoffsDoNotFail() {
    RetryPolicy p = policy(Duration.ofNanos(500_000), 2, Duration.ofSeconds(1), 0);
    RetryPolicy jittered = policy(Duration.ofNanos(500_000), 2, Duration.ofSeconds(1), 0.5);

    assertThat(p.backoff(1)).isLessThanOrEqualTo(Duration.ofMillis(1));
    assertThat(p.backoff(3)).isBetween(Duration.ofMillis(1), Duration.ofMillis(2));
    assertThat(jittered.backoff(2)).isLessThanOrEqualTo(Duration.ofMillis(2));
  }

  @Test
  void aZeroMaxBackoffGivenToTheConstructorMeansNoWait() {
    RetryPolicy p = policy(Duration.ofSeconds(1), 2, Duration.ZERO, 0.3);

    assertThat(p.backoff(1)).isEqualTo(Duration.ZERO);
    assertThat(p.backoff(4)).isEqualTo(Duration.ZERO);
  }

  @Test
  void attemptNumbersStartAtOne() {
    RetryPolicy p = policy(Duration.ofMillis(100), 2, Duration.ofSeconds(1), 0);

    assertThatThrownBy(() -> p.backoff(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jitteredBackoffStaysWithinJitterOfTheNominalWaitAndUnderTheCap() {
    double jitter = 0.5;
    RetryPolicy p = policy(Duration.ofMillis(100), 2, Duration.ofMillis(1000), jitter);
    long[] nominal = {100, 200, 400, 800, 1000, 1000};

    for (int attempt = 1; attempt <= nominal.length; attempt++) {
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      for (int i = 0; i < 2_000; i++) {
        long ms = p.backoff(attempt).toMillis();
        lo = Math.min(lo, ms);
        hi = Math.max(hi, ms);
      }
      long n = nominal[attempt - 1];
      assertThat(lo).as("attempt %d min", attempt).isGreaterThanOrEqualTo((long) (n * (1 - jitter)) - 1);
      assertThat(hi).as("attempt %d max", attempt).isLessThanOrEqualTo(Math.min(1000, (long) (n * (1 + jitter))));
      // actually random: the spread covers most of the band (2,000 samples)
      assertThat(lo).as("attempt %d spread low", attempt).isLessThan((long) (n * (1 - jitter / 2)));
      if (n < 1000) {
        assertThat(hi).as("attempt %d spread high", attempt).isGreaterThan(Math.min(1000, (long) (n * (1 + jitter / 2))) - 1);
      }
    }
  }

  @Test
  void jitterStillSpreadsTheWaitsOnceTheCapIsReached() {
    RetryPolicy p = policy(Duration.ofSeconds(1), 2, Duration.ofSeconds(10), 0.2);
    java.util.Set<Duration> seen = new java.util.HashSet<>();

    for (int i = 0; i < 200; i++) {
      Duration d = p.backoff(30); // nominal 2^29 s, far above the cap
      assertThat(d).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
      seen.add(d);
    }
    assertThat(seen).as("not every retry waits exactly the cap").hasSizeGreaterThan(50);
  }
}
