package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.InfrastructureFailure;
import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.QueuedTimeoutException;
import dev.sluice.core.engine.TaskTimeoutException;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.log.RunMdc;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Types;
import dev.sluice.core.internal.io.StoreStaging;
import dev.sluice.core.internal.local.LocalExecutor;
import dev.sluice.core.internal.metric.StoreTaskMetrics;
import dev.sluice.core.model.TaskMetrics;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.AttemptStaging;
import dev.sluice.core.spi.RetryHint;
import dev.sluice.core.spi.TaskInterceptor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The attempt loop of one task call: passes its admission gates (concurrency limit, executor
 * slots, rate limits; in priority order, runs taking turns; at most its queued timeout), starts an attempt on the
 * executor, arms the timeout, and on failure either schedules the next attempt after the backoff
 * (on the timer, never sleeping) or reports the failure. Reports exactly one outcome to its owner.
 */
final class TaskRun implements TaskCall, Attempt, Runnable, Admittee, BiConsumer<Object, Throwable> {

  /** Receives the one outcome of a task call. */
  interface Owner {
    /**
     * Exactly one of: {@code failure == null && cancelled == null} (succeeded with {@code value}),
     * {@code failure != null} (failed for good), {@code cancelled != null} (stopped).
     */
    void taskDone(int slot, Object value, Throwable failure, NodeError cancelled);

    /** The call's output {@code value} came from the task cache; by default, a success. */
    default void taskCached(int slot, Object value) {
      taskDone(slot, value, null, null);
    }
  }

  private final Run run;
  private final Owner owner;
  private final int slot;
  private final NodeRecord record;
  private final TaskSpec task;
  private final Object[] args;
  private final TaskInterceptor.Chain chain;
  /** The task's concurrency limit, its executor's slots and its rate limits, passed in that order. */
  private final AdmissionGates gates;
  /** The gates the current attempt passed: it waits at this one and holds the permits before it. */
  private volatile int stage;
  /** The task as the next attempt runs it: its resources changed by the retry policy after a failure. */
  private volatile TaskSpec attemptTask;
  private volatile ScheduledFuture<?> queuedTimer;
  private static final VarHandle DONE;

  static {
    try {
      DONE = MethodHandles.lookup().findVarHandle(TaskRun.class, "done", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Set once, when the one outcome is reported. */
  private volatile boolean done;
  /** Read by the completion callback after the future's happens-before edge; plain on purpose. */
  private int attempt;
  /** Attempt numbers an earlier life of the run used up without the task failing (cut by a crash). */
  private int uncounted;
  private volatile int timedOutAttempt;
  private volatile CompletableFuture<Object> current;
  private volatile ScheduledFuture<?> timer;
  private volatile NodeError cancelReason;
  /** When the current attempt's body really ends, if its executor said ({@link #runsUntil}). */
  private volatile CompletionStage<?> bodyEnded;

  /** The thread registering the completion callback, while it does (see {@link #run()}). */
  private Thread registering;

  TaskRun(Run run, Owner owner, int slot, NodeRecord record, TaskSpec task, Object[] args) {
    this.run = run;
    this.owner = owner;
    this.slot = slot;
    this.record = record;
    this.task = task;
    this.args = args;
    this.chain = run.engine.attemptChain;
    this.gates = run.engine.gatesFor(task);
    this.attemptTask = task;
    NodeHistory past = record.journaled;
    if (past != null && past.attempts() > 0) {
      continueFrom(past);
    }
  }

  /**
   * Continues the attempts of an earlier life of the run: a remote attempt that was running is
   * started again under its own name (its executor re-attaches to it); a local one that was
   * running, or one that failed, is followed by the next. The retry budget counts failures only.
   */
  private void continueFrom(NodeHistory past) {
    int last = past.attempts();
    boolean reattach = past.state() == NodeState.RUNNING && !run.engine.runsLocally(task);
    int next = reattach || past.state() == NodeState.QUEUED ? last : last + 1;
    attempt = next - 1;
    uncounted = Math.max(0, next - 1 - past.failures());
  }

  @Override
  public void start() {
    record.taskRun = this;
    // A StoredCall queues the node while it looks up the cache.
    if (record.state() != NodeState.QUEUED && !record.moveTo(NodeState.QUEUED, attempt + 1)) {
      finish(null, null, run.stopReason());
      return;
    }
    enqueue();
  }

  private void enqueue() {
    if (gates.isEmpty()) {
      stage = 2;
      run();
      return;
    }
    stage = 0;
    Duration limit = task.admission().queuedTimeout().orElse(null);
    if (limit != null) {
      int n = attempt + 1;
      queuedTimer = run.engine.scheduler.schedule(() -> queuedTimedOut(n, limit), limit.toNanos(), TimeUnit.NANOSECONDS);
    }
    admit();
  }

  /** Passes the gates from the current stage on; starts the attempt past the last one. */
  private void admit() {
    for (int s = stage; ; s = stage) {
      if (done) {
        gates.release(s);
        return;
      }
      if (s == gates.count()) {
        ScheduledFuture<?> q = queuedTimer;
        if (q != null) {
          q.cancel(false);
        }
        run();
        return;
      }
      if (!gates.enter(s, this)) {
        return; // waits: admitted() carries on
      }
      stage = s + 1;
    }
  }

  @Override
  public void admitted() {
    stage = stage + 1; // one gate holds the attempt at a time: no other writer
    admit();
  }

  @Override
  public long rank() {
    return Admittee.rank(run.priority, task.admission().priority());
  }

  @Override
  public Object group() {
    return run;
  }

  @Override
  public boolean withdrawn() {
    return done;
  }

  /**
   * Attempt {@code n} is still waiting after its queued timeout: it leaves the queue it waits in,
   * gives back the permits it holds, and fails with a {@link QueuedTimeoutException} naming the gate.
   */
  private void queuedTimedOut(int n, Duration limit) {
    for (int s = stage; !done && attempt + 1 == n && s < gates.count(); ) {
      if (gates.withdraw(s, this)) {
        attempt = n;
        record.attempts = n;
        attemptDone(n, null, new QueuedTimeoutException(attemptName(), gates.describe(s), limit, null));
        return;
      }
      int now = stage;
      if (now == s) {
        return; // being admitted at this moment: it starts, or waits at the next gate
      }
      s = now;
    }
  }

  /** Launches the next attempt; called with a permit of each limiter there is. */
  @Override
  public void run() {
    if (run.engine.launchesQuietly(task)) {
      launch(); // nothing on the way to the local executor logs: the body binds the MDC itself
      return;
    }
    RunMdc.Scope mdc = RunMdc.bind(run.runId, run.workflowName, record.path, attempt + 1);
    try {
      launch();
    } finally {
      mdc.close();
    }
  }

  private void launch() {
    if (done) {
      gates.release(gates.count());
      return;
    }
    int n = attempt + 1;
    attempt = n;
    record.attempts = n;
    if (!record.moveTo(NodeState.RUNNING, n)) {
      gates.release(gates.count());
      finish(null, null, run.stopReason());
      return;
    }
    CompletableFuture<Object> future;
    bodyEnded = null;
    record.executor = run.engine.executorName(task);
    try {
      future = chain.proceed(this);
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    current = future;
    if (task.timeout().isPresent()) {
      CompletableFuture<Object> attemptFuture = future;
      timer =
          run.engine.scheduler.schedule(
              () -> {
                timedOutAttempt = n;
                attemptFuture.cancel(true);
              },
              task.timeout().get().toNanos(),
              TimeUnit.NANOSECONDS);
    }
    // If the attempt already finished, whenComplete runs the callback right here, and the callback
    // dispatches the next node, which may finish before its own registration, and so on: on a
    // chain of quick tasks the stack would grow without bound. Such a callback is bounced to the
    // pool instead.
    if (!LocalExecutor.onComplete(future, this)) { // a JVM attempt not yet done calls back directly
      registering = Thread.currentThread();
      future.whenComplete(this);
      registering = null;
    }
    if (done) {
      future.cancel(true);
    }
  }

  /**
   * The attempt's completion callback. One attempt is in flight at a time and its future
   * completes once, so the attempt number is the current one.
   */
  @Override
  public void accept(Object value, Throwable failure) {
    int n = attempt;
    if (registering == Thread.currentThread()) {
      Executor pool = run.engine.taskPool;
      try {
        // as a completion: what it makes ready runs next on that thread or goes over in one batch
        pool.execute(() -> LocalExecutor.runAsCompletion(pool, () -> attemptDone(n, value, failure)));
      } catch (RejectedExecutionException refused) {
        attemptDone(n, value, failure); // the pool takes no more work: end here, or nothing ever would
      }
    } else {
      attemptDone(n, value, failure);
    }
  }

  private void attemptDone(int n, Object value, Throwable failure) {
    if (failure == null && fitsOutput(value)) {
      // The usual end binds nothing here: what it calls that logs or calls user code binds the
      // MDC itself (transitions, cache and journal work, the next task's launch, the run's end).
      try {
        handleAttempt(n, value, null);
      } catch (Throwable bug) {
        RunMdc.Scope mdc = RunMdc.bind(run.runId, run.workflowName, record.path, n);
        try {
          run.internalError(record, bug);
        } finally {
          mdc.close();
        }
      }
      return;
    }
    RunMdc.Scope mdc = RunMdc.bind(run.runId, run.workflowName, record.path, n);
    try {
      handleAttempt(n, value, failure);
    } catch (Throwable bug) {
      run.internalError(record, bug);
    } finally {
      mdc.close();
    }
  }

  private void handleAttempt(int n, Object value, Throwable failure) {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    releasePermitWhenBodyEnds();
    if (failure == null) {
      if (fitsOutput(value)) {
        finish(value, null, null);
        return;
      }
      failure =
          new ClassCastException(
              "task '" + task.name() + "' returned a " + value.getClass().getName() + " but declares "
                  + Types.describe(task.output()) + "; fix the task or its declared output type");
    }
    Throwable cause = unwrap(failure);
    if (timedOutAttempt == n) {
      cause = new TaskTimeoutException(attemptName(), task.timeout().orElseThrow());
    } else if (done || cause instanceof CancellationException) {
      finish(null, null, cancelReason != null ? cancelReason : run.stopReason());
      return;
    }
    if (run.isStopping()) {
      finish(null, null, run.stopReason());
      return;
    }
    if (n - uncounted < task.retry().maxAttempts() && retryable(cause)) {
      Duration delay = task.retry().backoff(n - uncounted);
      if (cause instanceof InfrastructureFailure f && task.retry().resize().containsKey(f.kind())) {
        attemptTask = InfrastructureRetries.resized(attemptTask, f);
      }
      if (!record.moveTo(NodeState.RETRYING, n, NodeError.of(cause), delay)) {
        finish(null, null, run.stopReason());
        return;
      }
      Runnable again =
          () -> {
            if (done) {
              return;
            }
            if (!record.moveTo(NodeState.QUEUED, n + 1)) {
              finish(null, null, run.stopReason());
              return;
            }
            enqueue();
          };
      if (delay.isZero()) {
        again.run();
      } else {
        timer = run.engine.scheduler.schedule(again, delay.toNanos(), TimeUnit.NANOSECONDS);
      }
      return;
    }
    finish(null, cause, null);
  }

  /** Whether {@code value} may be the task's output (its declared type, or null). */
  private boolean fitsOutput(Object value) {
    Class<?> declared = Types.rawType(task.output());
    return value == null || declared.isInstance(value) || declared == Void.class;
  }

  /** Stops the call: cancels the running attempt or the pending retry and reports CANCELLED. */
  @Override
  public void cancel(NodeError why) {
    cancelReason = why;
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    ScheduledFuture<?> q = queuedTimer;
    if (q != null) {
      q.cancel(false);
    }
    CompletableFuture<Object> f = current;
    if (f != null) {
      f.cancel(true);
    }
    finish(null, null, why);
  }

  private void finish(Object value, Throwable failure, NodeError cancelled) {
    if (DONE.compareAndSet(this, false, true)) {
      owner.taskDone(slot, value, failure, cancelled);
    }
  }

  /**
   * Releases the permits when the attempt's body has really ended: a cancelled or timed-out body
   * that ignores the interrupt still holds them, so that a limit bounds the bodies running.
   */
  private void releasePermitWhenBodyEnds() {
    CompletionStage<?> ended = bodyEnded;
    bodyEnded = null;
    int passed = stage; // read now: a retry resets it before a slow body ends
    if (ended == null || gates.isEmpty()) {
      gates.release(passed);
    } else {
      ended.whenComplete((v, e) -> gates.release(passed));
    }
  }

  /**
   * A failure that knows whether retrying helps says so (a remote failure was judged by the task
   * runner, which saw the real exception and applied the task's retry policy to it); anything else
   * is judged by the policy here.
   */
  private boolean retryable(Throwable cause) {
    if (cause instanceof InfrastructureFailure f) {
      return InfrastructureRetries.retries(task.retry(), f);
    }
    return cause instanceof RetryHint hint ? hint.retryable() : task.retry().retries(cause);
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  // ---- Attempt ---------------------------------------------------------------------------------

  @Override
  public String runId() {
    return run.runId;
  }

  @Override
  public String workflowName() {
    return run.workflowName;
  }

  @Override
  public String nodePath() {
    return record.path;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public String attemptName() {
    return AttemptNames.attemptName(run.runId, record.path, attempt);
  }

  @Override
  public TaskSpec task() {
    return attemptTask;
  }

  @Override
  public String executor() {
    return run.engine.executorName(task);
  }

  @Override
  public void submitted(boolean reattached) {
    int n = attempt;
    run.attemptSubmitted(record, n, AttemptNames.attemptName(run.runId, record.path, n), executor(), reattached);
  }

  @Override
  public Object[] inputs() {
    return args;
  }

  @Override
  public void runsUntil(CompletionStage<?> ended) {
    bodyEnded = ended;
  }

  @Override
  public AttemptStaging staging() {
    return new RetriedStaging(new StoreStaging(run.engine.store(), run.engine.taskIo, this, AttemptNames.nodeFolder(record.path)),
        run.engine.storeWork, attemptName());
  }

  @Override
  public TaskMetrics metrics() {
    return new StoreTaskMetrics(run.engine.store(), run.engine.clock, this);
  }

  @Override
  public Path directory() {
    return run.engine.workDirectory()
        .resolve("runs")
        .resolve(run.runId)
        .resolve("nodes")
        .resolve(AttemptNames.nodeFolder(record.path))
        .resolve(String.valueOf(attempt));
  }
}
