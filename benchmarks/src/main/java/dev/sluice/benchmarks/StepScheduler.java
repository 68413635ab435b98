package dev.sluice.benchmarks;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler that ignores delays and runs one queued task per {@link #step()}, on the caller's
 * thread: a benchmark operation is then exactly one wake-up of a trigger loop.
 */
final class StepScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final ArrayDeque<Step<?>> queue = new ArrayDeque<>();

  /** Runs the oldest queued task not cancelled (timeouts that were not needed); fails if none. */
  void step() {
    Step<?> next;
    do {
      next = queue.poll();
      if (next == null) {
        throw new IllegalStateException("nothing scheduled");
      }
    } while (next.isCancelled());
    next.run();
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Step<Void> step = new Step<>(command);
    queue.add(step);
    return step;
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public void shutdown() {}

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }

  private static final class Step<V> extends FutureTask<V> implements ScheduledFuture<V> {
    Step(Runnable r) {
      super(r, null);
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed o) {
      return 0;
    }
  }
}
