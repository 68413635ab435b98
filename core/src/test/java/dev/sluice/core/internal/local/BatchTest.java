package dev.sluice.core.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.Invoker;
import dev.sluice.core.spi.Attempt;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * How the copies of a {@link Batch} share its attempts: each runs once, on whichever thread gets
 * to it; a slow attempt holds up nothing while another thread is on the batch; two threads on one
 * batch run attempts far apart.
 */
class BatchTest {

  @Test
  void everyAttemptOfABatchRunsExactlyOnceWhateverItsSizeAndThreads() throws Exception {
    for (int threads = 1; threads <= 4; threads++) {
      ThreadPoolExecutor pool = fixedPool(threads);
      Executor unsized = pool::execute; // of unknown size: one copy per attempt, one shared range
      try {
        for (int round = 0; round < 30; round++) {
          for (int n : new int[] {2, 3, 7, 64, 1000}) {
            assertRunsOnce(n, pool, pool);
            assertRunsOnce(n, unsized, pool);
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** Hands a batch of {@code n} attempts to {@code executor} as the trampoline does; checks each ran once. */
  private static void assertRunsOnce(int n, Executor executor, ExecutorService pool) throws Exception {
    AtomicIntegerArray runs = new AtomicIntegerArray(n);
    LocalAttempt[] attempts =
        attempts(
            n,
            i ->
                (args, ctx) -> {
                  runs.incrementAndGet(i);
                  if (ThreadLocalRandom.current().nextInt(8) == 0) {
                    Thread.yield(); // now and then let the other copies overtake
                  }
                  return i;
                },
            executor);
    runAll(attempts, executor);
    for (int i = 0; i < n; i++) {
      assertThat(runs.get(i)).as("runs of attempt %d of %d on %s", i, n, pool).isEqualTo(1);
    }
  }

  @Test
  void aSlowAttemptDoesNotHoldUpTheRestOfItsCopysShareWhileAnotherThreadIsFree() throws Exception {
    int n = 20;
    CountDownLatch othersDone = new CountDownLatch(n - 1);
    boolean[] sawOthersDone = new boolean[1];
    ThreadPoolExecutor pool = fixedPool(2);
    try {
      // attempt 0 is the first the first copy claims: the other 19 must not wait behind it
      LocalAttempt[] attempts =
          attempts(
              n,
              i ->
                  i == 0
                      ? (args, ctx) -> sawOthersDone[0] = othersDone.await(20, TimeUnit.SECONDS)
                      : (args, ctx) -> {
                        othersDone.countDown();
                        return i;
                      },
              pool);
      runAll(attempts, pool);
      assertThat(sawOthersDone[0]).as("the other attempts ran while attempt 0 was busy").isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoThreadsOnOneBatchStartFarApartNotOnNeighbouringAttempts() throws Exception {
    int n = 1000;
    CyclicBarrier bothClaimed = new CyclicBarrier(2);
    Map<Thread, Integer> firstOn = new ConcurrentHashMap<>();
    ThreadPoolExecutor pool = fixedPool(2);
    try {
      // the first attempt each thread claims waits until the other thread has claimed its first
      LocalAttempt[] attempts =
          attempts(
              n,
              i ->
                  (args, ctx) -> {
                    if (firstOn.putIfAbsent(Thread.currentThread(), i) == null) {
                      bothClaimed.await(20, TimeUnit.SECONDS);
                    }
                    return i;
                  },
              pool);
      runAll(attempts, pool);
      // claiming from one shared counter in turn: 0 and 1, whose records and results share cache
      // lines; a range each: the front of each half
      assertThat(firstOn.values()).containsExactlyInAnyOrder(0, n / 2);
    } finally {
      pool.shutdownNow();
    }
  }

  private static ThreadPoolExecutor fixedPool(int threads) {
    return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
  }

  /** {@code n} attempts whose bodies are {@code body.apply(i)}; each hands its end to {@code pool}. */
  private static LocalAttempt[] attempts(int n, IntFunction<Invoker> body, Executor pool) {
    LocalAttempt[] attempts = new LocalAttempt[n];
    for (int i = 0; i < n; i++) {
      attempts[i] = new LocalAttempt(body.apply(i), plainAttempt(), pool);
    }
    return attempts;
  }

  /** Submits the batch's copies as {@link Trampoline} does and waits for every attempt (20 s at most). */
  private static void runAll(LocalAttempt[] attempts, Executor pool) throws Exception {
    LocalAttempt[] handed = attempts.clone(); // the batch forgets each attempt once claimed
    int copies = Math.min(attempts.length, Batch.threadsOf(pool));
    Batch batch = new Batch(handed, pool, copies);
    for (int i = 0; i < copies; i++) {
      pool.execute(batch);
    }
    CompletableFuture.allOf(attempts).get(20, TimeUnit.SECONDS);
  }

  private static Attempt plainAttempt() {
    return (Attempt)
        Proxy.newProxyInstance(
            Attempt.class.getClassLoader(),
            new Class<?>[] {Attempt.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "openBodyScope" -> Attempt.BodyScope.NONE;
                  case "inputs" -> new Object[0];
                  default -> method.getReturnType() == int.class ? 0 : null;
                });
  }
}
