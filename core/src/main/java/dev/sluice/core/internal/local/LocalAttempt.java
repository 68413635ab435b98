package dev.sluice.core.internal.local;

import dev.sluice.core.model.Invoker;
import dev.sluice.core.model.TaskContext;
import dev.sluice.core.spi.Attempt;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * One JVM attempt: a future that runs the task body when the pool gets to it, with the attempt
 * bound as {@link TaskContext#current()}. Cancelling it interrupts the running thread — and only
 * while this attempt runs there: the interrupt is cleared before the thread goes back to the pool,
 * so it never leaks into the next task.
 */
final class LocalAttempt extends CompletableFuture<Object> implements Runnable, Callable<Object> {
  private static final Object DONE = new Object();
  private static final Object INTERRUPTING = new Object();
  private static final VarHandle RUNNER;
  private static final VarHandle CALLBACK;
  private static final VarHandle ENDED;

  static {
    try {
      RUNNER = MethodHandles.lookup().findVarHandle(LocalAttempt.class, "runner", Object.class);
      CALLBACK = MethodHandles.lookup().findVarHandle(LocalAttempt.class, "callback", Object.class);
      ENDED = MethodHandles.lookup().findVarHandle(LocalAttempt.class, "ended", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Invoker invoker;
  private final Attempt attempt;
  private final Executor pool;

  /** null: not started; a Thread: running there; DONE; INTERRUPTING: cancel() is interrupting. */
  private volatile Object runner;

  /**
   * The engine's completion callback ({@link #onComplete}): null until registered, then the
   * callback, DONE once this future has completed (and the callback, if any, was called).
   */
  private volatile Object callback;

  /**
   * When the body is over (returned, or will never run): null while it may still run, {@link
   * #DONE} once over, or — only if the attempt was cancelled while its body might still run — the
   * future given to {@link Attempt#runsUntil}, completed when the body is over (later than this
   * future when a cancelled body ignores the interrupt). Made only on cancel: an attempt that is
   * not cancelled allocates nothing for it.
   */
  private volatile Object ended;

  LocalAttempt(Invoker invoker, Attempt attempt, Executor pool) {
    this.invoker = invoker;
    this.attempt = attempt;
    this.pool = pool;
  }

  @Override
  public void run() {
    Trampoline.run(this, pool);
  }

  /** What the body returned or threw; written and read by the one thread that runs it. */
  private Object value;

  private Throwable failure;

  /**
   * Runs the task body on this thread; false if the attempt was cancelled before it started. Task
   * code runs here and nowhere else.
   */
  boolean invoke() {
    Thread me = Thread.currentThread();
    if (!RUNNER.compareAndSet(this, null, me)) {
      bodyOver();
      return false; // cancelled before it started
    }
    try {
      Attempt.BodyScope scope = attempt.openBodyScope(); // an interceptor's trace context, say
      try {
        value = TaskContext.callWith(attempt, this); // this, not a lambda: no allocation per attempt
      } finally {
        scope.close();
      }
    } catch (Throwable t) {
      failure = t;
    } finally {
      if (!RUNNER.compareAndSet(this, me, DONE)) {
        while (runner == INTERRUPTING) {
          Thread.onSpinWait();
        }
      }
      Thread.interrupted();
    }
    bodyOver(); // outside the trampoline: what a released permit launches goes to the pool
    return true;
  }

  /**
   * The pool refused to run this attempt (it was shut down): fails the attempt with {@code why}
   * unless it has started or was cancelled; its body will never run.
   */
  void refuse(RejectedExecutionException why) {
    if (RUNNER.compareAndSet(this, null, DONE)) {
      bodyOver();
      completeExceptionally(why);
    }
  }

  /** The body has returned or will never run: completes the future a cancel handed out, if any. */
  private void bodyOver() {
    if (ENDED.getAndSet(this, DONE) instanceof CompletableFuture<?> waiting) {
      waiting.complete(null);
    }
  }

  /**
   * Before a cancel completes this future: if the body may still run, tells the attempt to hold
   * its permits until it is over ({@link Attempt#runsUntil}).
   */
  private void holdPermitsUntilBodyIsOver() {
    if (runner == DONE || ended != null) {
      return;
    }
    CompletableFuture<Void> over = new CompletableFuture<>();
    if (ENDED.compareAndSet(this, null, over)) {
      attempt.runsUntil(over);
    }
  }

  /** The task body, as {@link TaskContext#callWith} runs it. */
  @Override
  public Object call() throws Exception {
    return invoker.invoke(attempt.inputs(), attempt);
  }

  /** Completes the future with what {@link #invoke()} produced: the engine's callbacks run here. */
  void finish() {
    if (failure == null) {
      complete(value);
    } else {
      completeExceptionally(failure);
    }
  }

  /**
   * Calls {@code callback} with the outcome when this future completes, as {@code whenComplete}
   * would, but without the dependent stage and completion node {@code whenComplete} allocates per
   * attempt. One callback; false if one is registered already or the future has completed (the
   * caller then falls back to {@code whenComplete}).
   */
  boolean onComplete(BiConsumer<Object, Throwable> callback) {
    return CALLBACK.compareAndSet(this, null, callback);
  }

  @SuppressWarnings("unchecked")
  private void fire(Object v, Throwable t) {
    Object cb = CALLBACK.getAndSet(this, DONE);
    if (cb instanceof BiConsumer<?, ?> c) {
      ((BiConsumer<Object, Throwable>) c).accept(v, t);
    }
  }

  @Override
  public boolean complete(Object v) {
    boolean completed = super.complete(v);
    if (completed) {
      fire(v, null);
    }
    return completed;
  }

  @Override
  public boolean completeExceptionally(Throwable t) {
    boolean completed = super.completeExceptionally(t);
    if (completed) {
      fire(null, t);
    }
    return completed;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (!isDone()) {
      holdPermitsUntilBodyIsOver();
    }
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      fire(null, new CancellationException());
    }
    Object r = runner;
    if (r == null && RUNNER.compareAndSet(this, null, DONE)) {
      bodyOver(); // the body will never run
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
