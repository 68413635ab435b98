package dev.sluice.core.internal.engine;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code permits} launches at once; the rest wait in FIFO order. Never blocks a thread:
 * a waiting launch runs on the thread that releases a permit.
 */
final class Limiter {
  private final AtomicInteger permits;
  private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

  Limiter(int permits) {
    this.permits = new AtomicInteger(permits);
  }

  /** Runs {@code launch} now if a permit is free, or later when one is released. */
  void submit(Runnable launch) {
    waiting.add(launch);
    drain();
  }

  void release() {
    permits.incrementAndGet();
    drain();
  }

  private void drain() {
    while (!waiting.isEmpty()) {
      int p = permits.get();
      if (p <= 0) {
        return;
      }
      if (permits.compareAndSet(p, p - 1)) {
        Runnable next = waiting.poll();
        if (next == null) {
          permits.incrementAndGet();
          continue;
        }
        next.run();
      }
    }
  }
}
