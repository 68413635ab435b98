package dev.sluice.core.internal.engine;

/**
 * At most {@code permits} launches at once (a task's {@code maxConcurrency}, an executor's slots,
 * a map's concurrency); the rest wait in a {@link WaitQueue}: by priority, then round-robin across
 * runs. Never blocks a thread: a released permit goes straight to the next waiter, which runs on
 * the releasing thread. A free permit with nobody waiting costs one uncontended lock, no allocation.
 */
final class Limiter {
  /** What it limits, for a queued timeout's message, e.g. "the concurrency limit of task 'x' (2 at once)". */
  final String what;
  private int permits;
  private final WaitQueue waiting = new WaitQueue();

  Limiter(int permits) {
    this(permits, permits + " at once");
  }

  Limiter(int permits, String what) {
    this.permits = permits;
    this.what = what;
  }

  /**
   * Takes a permit for {@code a} if one is free and nobody waits (true); otherwise queues it
   * (false), and {@link Admittee#admitted()} is called when a permit comes its way.
   */
  synchronized boolean enter(Admittee a) {
    if (permits > 0 && waiting.isEmpty()) {
      permits--;
      return true;
    }
    waiting.add(a);
    return false;
  }

  /** Runs {@code launch} now if a permit is free, or later (in arrival order) when one is released. */
  void submit(Runnable launch) {
    Admittee a = new Fifo(launch);
    if (enter(a)) {
      launch.run();
    }
  }

  /** Gives a permit back: to the next waiter if there is one. */
  void release() {
    Admittee next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        permits++;
        return;
      }
    }
    next.admitted();
  }

  /** Takes {@code a} out of the queue; false if it is not there (it was given a permit). */
  synchronized boolean withdraw(Admittee a) {
    return waiting.remove(a);
  }

  /** A plain launch: rank 0, one group, arrival order. */
  private record Fifo(Runnable launch) implements Admittee {
    @Override
    public long rank() {
      return 0;
    }

    @Override
    public Object group() {
      return Fifo.class;
    }

    @Override
    public void admitted() {
      launch.run();
    }
  }
}
