package dev.sluice.core.internal.trigger;

import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.spi.MetricSource;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One read of a source on an executor's thread, as a future. Ending the future early (a timeout)
 * interrupts the read — only while it runs on that thread, never the thread's next task.
 */
final class SourceCall implements Runnable {
  private static final Object DONE = new Object();
  private static final Object INTERRUPTING = new Object();

  private final MetricSource source;
  private final Instant now;
  private final AtomicBoolean busy;
  final CompletableFuture<List<MetricSample>> result = new CompletableFuture<>();
  /** null: not started; a Thread: running there; INTERRUPTING; DONE. */
  private final AtomicReference<Object> runner = new AtomicReference<>();

  /** {@code busy} is set by the caller and cleared once this read has let go of its thread. */
  SourceCall(MetricSource source, Instant now, AtomicBoolean busy) {
    this.source = source;
    this.now = now;
    this.busy = busy;
    result.whenComplete((samples, failure) -> {
      if (failure != null) {
        stop();
      }
    });
  }

  @Override
  public void run() {
    Thread me = Thread.currentThread();
    if (!runner.compareAndSet(null, me)) {
      return; // stopped before it started
    }
    try {
      List<MetricSample> samples = source.read(now);
      result.complete(List.copyOf(samples));
    } catch (Throwable t) {
      result.completeExceptionally(t);
    } finally {
      if (!runner.compareAndSet(me, DONE)) {
        while (runner.get() == INTERRUPTING) {
          Thread.onSpinWait();
        }
      }
      Thread.interrupted();
      busy.set(false);
    }
  }

  /** Interrupts the read if it runs; makes sure it never starts if it has not. */
  private void stop() {
    Object r = runner.get();
    if (r == null && runner.compareAndSet(null, DONE)) {
      busy.set(false);
    } else if (r instanceof Thread thread && runner.compareAndSet(thread, INTERRUPTING)) {
      try {
        thread.interrupt();
      } finally {
        runner.set(DONE);
      }
    }
  }
}
