package dev.sluice.benchmarks;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler that ignores delays and runs one queued task per {@link #step()}, on the caller's
 * thread: a benchmark operation is then exactly one wake-up of a trigger loop. (Its pool never
 * starts a thread: nothing is ever handed to it.)
 */
final class StepScheduler extends ScheduledThreadPoolExecutor {
  private final ArrayDeque<Step<?>> queue = new ArrayDeque<>();

  StepScheduler() {
    super(0);
  }

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
    Step<V> step = new Step<>(callable);
    queue.add(step);
    return step;
  }

  /** A queued task; its delay is ignored. */
  private static final class Step<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
    Step(Runnable r) {
      super(r, null);
    }

    Step(Callable<V> c) {
      super(c);
    }

    @Override
    public boolean isPeriodic() {
      return false;
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
