package dev.sluice.core.engine;

import dev.sluice.core.internal.io.ValueCodec;
import dev.sluice.core.internal.local.LocalExecutor;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.TaskExecutor;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executors that run attempts in this JVM like the built-in {@code local} one, but on threads of
 * their own: register one under another name to keep some tasks (GPU-bound, memory-hungry) off the
 * engine's pool and bound how many run at once.
 *
 * <pre>{@code
 * Engine.builder().executor("gpu", LocalExecutors.withThreads("gpu", 1, 1)).build();
 * }</pre>
 */
public final class LocalExecutors {
  private LocalExecutors() {}

  /**
   * JVM and command tasks on {@code threads} threads named {@code sluice-<name>-N}, at most {@code
   * maxInFlight} attempts at once (0: as many as threads take); closed with the engine.
   */
  public static TaskExecutor withThreads(String name, int threads, int maxInFlight) {
    Objects.requireNonNull(name, "name");
    if (threads < 1) {
      throw new IllegalArgumentException("local executor '" + name + "' needs at least 1 thread, got " + threads);
    }
    if (maxInFlight < 0) {
      throw new IllegalArgumentException(
          "local executor '" + name + "': maxInFlight must be 0 (no limit) or more, got " + maxInFlight);
    }
    return new Threads(name, threads, maxInFlight);
  }

  /** A local executor over its own pool and timer. */
  private static final class Threads implements TaskExecutor {
    private final String name;
    private final int maxInFlight;
    private final ExecutorService pool;
    private final ScheduledExecutorService timer;
    private final LocalExecutor local;

    Threads(String name, int threads, int maxInFlight) {
      this.name = name;
      this.maxInFlight = maxInFlight;
      AtomicInteger n = new AtomicInteger();
      this.pool = Executors.newFixedThreadPool(threads, r -> daemon(r, "sluice-" + name + "-" + n.incrementAndGet()));
      this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sluice-" + name + "-timer"));
      this.local = new LocalExecutor(pool, timer, ValueCodec.newMapper());
    }

    private static Thread daemon(Runnable r, String threadName) {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    }

    @Override
    public CompletableFuture<Object> start(Attempt attempt) {
      return local.start(attempt);
    }

    @Override
    public int maxInFlight() {
      return maxInFlight;
    }

    @Override
    public void close() {
      pool.shutdownNow();
      timer.shutdownNow();
      try {
        pool.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public String toString() {
      return "LocalExecutors.withThreads(" + name + ")";
    }
  }
}
