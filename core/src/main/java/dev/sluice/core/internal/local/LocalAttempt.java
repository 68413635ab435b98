package dev.sluice.core.internal.local;

import dev.sluice.core.model.Invoker;
import dev.sluice.core.spi.Attempt;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;

/**
 * One JVM attempt: a future that runs the task body when the pool gets to it. Cancelling it
 * interrupts the running thread — and only while this attempt runs there: the interrupt is
 * cleared before the thread goes back to the pool, so it never leaks into the next task.
 */
final class LocalAttempt extends CompletableFuture<Object> implements Runnable {
  private static final Object DONE = new Object();
  private static final Object INTERRUPTING = new Object();
  private static final VarHandle RUNNER;

  static {
    try {
      RUNNER = MethodHandles.lookup().findVarHandle(LocalAttempt.class, "runner", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Invoker invoker;
  private final Attempt attempt;

  /** null: not started; a Thread: running there; DONE; INTERRUPTING: cancel() is interrupting. */
  @SuppressWarnings("unused")
  private volatile Object runner;

  LocalAttempt(Invoker invoker, Attempt attempt) {
    this.invoker = invoker;
    this.attempt = attempt;
  }

  @Override
  public void run() {
    Thread me = Thread.currentThread();
    if (!RUNNER.compareAndSet(this, null, me)) {
      return; // cancelled before it started
    }
    try {
      complete(invoker.invoke(attempt.inputs(), attempt));
    } catch (Throwable t) {
      completeExceptionally(t);
    } finally {
      if (!RUNNER.compareAndSet(this, me, DONE)) {
        while (runner == INTERRUPTING) {
          Thread.onSpinWait();
        }
      }
      Thread.interrupted();
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    Object r = runner;
    if (r == null && RUNNER.compareAndSet(this, null, DONE)) {
      return cancelled;
    }
    if (r instanceof Thread thread && RUNNER.compareAndSet(this, thread, INTERRUPTING)) {
      try {
        thread.interrupt();
      } finally {
        runner = DONE;
      }
    }
    return cancelled;
  }
}
