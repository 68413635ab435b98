package dev.sluice.core.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import dev.sluice.core.spi.Attempt;
import java.lang.reflect.Proxy;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The engine hears a JVM attempt's outcome through {@link LocalAttempt#onComplete} (no {@code
 * whenComplete} stage per attempt): exactly once, with the outcome whoever completes the future.
 */
class LocalAttemptCallbackTest {
  private final List<Object> heard = new ArrayList<>();
  private final BiConsumer<Object, Throwable> callback = (v, t) -> heard.add(t != null ? t : v);

  /** What the attempt was told by {@link Attempt#runsUntil}: the stage the permits wait for. */
  private final List<CompletionStage<?>> holds = new ArrayList<>();

  private LocalAttempt attempt() {
    Attempt recording =
        (Attempt)
            Proxy.newProxyInstance(
                Attempt.class.getClassLoader(),
                new Class<?>[] {Attempt.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("runsUntil")) {
                    holds.add((CompletionStage<?>) args[0]);
                  }
                  return null;
                });
    return new LocalAttempt(null, recording, Runnable::run);
  }

  @Test
  void anAttemptThatIsNotCancelledAsksNoHoldOnItsPermits() {
    LocalAttempt a = attempt();
    a.onComplete(callback);
    a.complete(1L);
    a.cancel(true);
    assertThat(holds).as("nothing allocated nor told for the usual attempt").isEmpty();
  }

  @Test
  void anAttemptCancelledBeforeItsBodyRanHoldsNothingOnceTheCancelReturns() {
    LocalAttempt a = attempt();
    a.cancel(true);
    assertThat(holds).hasSize(1);
    assertThat(holds.get(0).toCompletableFuture()).as("the body will never run: permits free").isDone();
    assertThat(a.invoke()).as("the body does not run after the cancel").isFalse();
  }

  @Test
  void aRegisteredCallbackHearsTheValueOnce() {
    LocalAttempt a = attempt();
    assertThat(a.onComplete(callback)).isTrue();
    assertThat(a.onComplete((v, t) -> heard.add("second"))).as("one callback").isFalse();
    a.complete(42L);
    a.complete(43L);
    assertThat(heard).containsExactly(42L);
  }

  @Test
  void aFailureAndACancelAreHeardOnceEach() {
    LocalAttempt failed = attempt();
    failed.onComplete(callback);
    IllegalStateException boom = new IllegalStateException("boom");
    failed.completeExceptionally(boom);
    failed.cancel(true);

    LocalAttempt cancelled = attempt();
    cancelled.onComplete(callback);
    cancelled.cancel(true);
    cancelled.complete(1L); // a body that ends after the cancel: too late

    assertThat(heard).hasSize(2);
    assertThat(heard.get(0)).isSameAs(boom);
    assertThat(heard.get(1)).isInstanceOf(CancellationException.class);
  }

  @Test
  void aCallbackCannotBeRegisteredOnceTheAttemptCompleted() {
    LocalAttempt a = attempt();
    a.complete(7L);
    assertThat(a.onComplete(callback)).as("the caller falls back to whenComplete").isFalse();
    assertThat(heard).isEmpty();
    assertThat(LocalExecutor.onComplete(a, callback)).isFalse();
    assertThat(LocalExecutor.onComplete(new java.util.concurrent.CompletableFuture<>(), callback))
        .as("not a JVM attempt").isFalse();
  }
}
