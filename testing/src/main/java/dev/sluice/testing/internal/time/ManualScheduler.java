package dev.sluice.testing.internal.time;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A scheduler without threads whose time only moves when {@link #advance} is called: delayed tasks
 * run on the advancing thread, in deadline order, each seeing the time of its deadline. Tasks due
 * now (including {@link #execute}) run on the next advance, {@code advance(Duration.ZERO)} included.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final Instant start;
  private final Object lock = new Object();
  private final ReentrantLock advancing = new ReentrantLock();
  private final PriorityQueue<Timer<?>> queue = new PriorityQueue<>();
  /** Nanoseconds since {@link #start}; guarded by {@link #lock}. */
  private long elapsed;

  private long sequence;
  private boolean shutdown;

  public ManualScheduler(Instant start) {
    this.start = Objects.requireNonNull(start, "start");
  }

  public Instant now() {
    synchronized (lock) {
      return start.plusNanos(elapsed);
    }
  }

  /** Moves time forward by {@code by}, running every task that falls due, in deadline order. */
  public void advance(Duration by) {
    Objects.requireNonNull(by, "by");
    if (by.isNegative()) {
      throw new IllegalArgumentException("time only moves forward; advance by " + by + " is negative");
    }
    advancing.lock();
    try {
      long target;
      synchronized (lock) {
        target = saturatedAdd(elapsed, nanos(by));
      }
      while (true) {
        Timer<?> due;
        synchronized (lock) {
          due = queue.peek();
          if (due == null || due.deadline > target) {
            elapsed = Math.max(elapsed, target);
            return;
          }
          queue.poll();
          elapsed = Math.max(elapsed, due.deadline);
        }
        due.run();
      }
    } finally {
      advancing.unlock();
    }
  }

  /** Delayed tasks waiting for their time (periodic ones count once). */
  public int pending() {
    synchronized (lock) {
      return queue.size();
    }
  }

  /**
   * Waits, in real time up to {@code timeout}, until at least {@code count} tasks are pending.
   *
   * @return whether they are
   */
  public boolean awaitPending(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + nanos(timeout);
    synchronized (lock) {
      while (queue.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  private <V> Timer<V> enqueue(Timer<V> timer) {
    synchronized (lock) {
      if (shutdown) {
        throw new RejectedExecutionException("this test scheduler was shut down (the test ended)");
      }
      timer.seq = sequence++;
      queue.add(timer);
      lock.notifyAll();
    }
    return timer;
  }

  private long deadlineAfter(long delay, TimeUnit unit) {
    synchronized (lock) {
      return saturatedAdd(elapsed, Math.max(0, unit.toNanos(delay)));
    }
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return enqueue(new Timer<>(Executors.callable(command, null), deadlineAfter(delay, unit), 0));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return enqueue(new Timer<>(callable, deadlineAfter(delay, unit), 0));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return enqueue(new Timer<>(Executors.callable(command, null), deadlineAfter(initialDelay, unit), positive(period, unit)));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return enqueue(new Timer<>(Executors.callable(command, null), deadlineAfter(initialDelay, unit), -positive(delay, unit)));
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public void shutdown() {
    synchronized (lock) {
      shutdown = true;
    }
  }

  @Override
  public List<Runnable> shutdownNow() {
    synchronized (lock) {
      shutdown = true;
      List<Runnable> left = new ArrayList<>(queue);
      queue.clear();
      return left;
    }
  }

  @Override
  public boolean isShutdown() {
    synchronized (lock) {
      return shutdown;
    }
  }

  /** No threads: terminated as soon as it is shut down. */
  @Override
  public boolean isTerminated() {
    return isShutdown();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private static long positive(long period, TimeUnit unit) {
    if (period <= 0) {
      throw new IllegalArgumentException("a period must be positive, got " + period + " " + unit);
    }
    return unit.toNanos(period);
  }

  private static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** A delayed (maybe periodic) task; ordered by deadline, then by when it was scheduled. */
  private final class Timer<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
    long deadline;
    long seq;
    /** 0: once; positive: fixed rate; negative: fixed delay. */
    private final long period;

    Timer(Callable<V> task, long deadline, long period) {
      super(task);
      this.deadline = deadline;
      this.period = period;
    }

    @Override
    public boolean isPeriodic() {
      return period != 0;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      synchronized (lock) {
        return unit.convert(deadline - elapsed, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public int compareTo(Delayed other) {
      if (other instanceof Timer<?> t) {
        int byDeadline = Long.compare(deadline, t.deadline);
        return byDeadline != 0 ? byDeadline : Long.compare(seq, t.seq);
      }
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public void run() {
      if (!isPeriodic()) {
        super.run();
      } else if (runAndReset()) {
        synchronized (lock) {
          deadline = period > 0 ? saturatedAdd(deadline, period) : saturatedAdd(elapsed, -period);
          if (!shutdown) {
            queue.add(this);
            lock.notifyAll();
          }
        }
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      synchronized (lock) {
        queue.remove(this);
      }
      return cancelled;
    }
  }
}
