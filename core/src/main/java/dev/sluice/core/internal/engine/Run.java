package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.Deadline;
import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.RunAbandonedException;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.NodeStatus;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunFailedException;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.log.RunMdc;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.engine.RunStatus;
import dev.sluice.core.internal.local.LocalExecutor;
import dev.sluice.core.internal.model.CompiledWorkflow;
import dev.sluice.core.engine.SignalOutcome;
import dev.sluice.core.engine.SignalRefusedException;
import dev.sluice.core.engine.WaitingGate;
import dev.sluice.core.internal.journal.SignalBox;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.journal.RunHistory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import dev.sluice.core.model.FailurePolicy;
import dev.sluice.core.model.RunFailure;
import dev.sluice.core.model.TaskSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a workflow: owns the root frame, the failure policy, the stop signal, the on-failure
 * handler, events and the handle users hold.
 */
final class Run implements RunHandle<Object>, Frame.Parent {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.run");

  final DefaultEngine engine;
  final String runId;
  final String workflowName;
  final Clock clock;
  private final CompiledWorkflow spec;
  private final FailurePolicy policy;
  private final List<RunListener> listeners;
  private final boolean debug = log.isDebugEnabled();
  private final boolean hasListeners;
  private final Map<String, String> labels;
  private final Frame root;
  private final long startedMillis;
  private final CompletableFuture<Object> completion = new CompletableFuture<>();
  private volatile RunState state = RunState.RUNNING;
  /** Set by the first {@link #finish}: the end is decided (and being journaled). */
  private boolean ending;
  private volatile long endedMillis;
  private volatile NodeError stopReason;
  private volatile RunState stopState;
  private volatile NodeRecord firstFailed;
  private volatile NodeError firstError;
  private volatile NodeRecord onFailureRecord;
  /** When the run must have ended by (set before {@link #start}); null: no deadline. */
  Deadline deadline;
  /** Orders this run's attempts against other runs' in admission queues (set before {@link #start}). */
  int priority;
  private volatile ScheduledFuture<?> lateTimer;
  /** With a run store: this run's journal (set before {@link #start}); null without one. */
  RunJournaling journaling;
  /** What the journal of an earlier life says of each node (resume, recover); empty for a new run. */
  private final Map<String, NodeHistory> past;

  /**
   * Where a run comes from: nowhere ({@link #NEW}), or an earlier life in the journal whose id and
   * start it keeps (resume) and whose nodes it may restore.
   */
  record Life(String runId, Instant started, Map<String, NodeHistory> past, RunHistory history) {
    static final Life NEW = new Life(null, null, Map.of(), null);

    Life(String runId, Instant started, Map<String, NodeHistory> past) {
      this(runId, started, past, null);
    }
  }

  /** The gates waiting now, by path. */
  private final Map<String, GateRun> gates = new ConcurrentHashMap<>();
  /** Paths of the gates that ended: a signal kept in the store for one of them is refused. */
  private final Set<String> endedGates = ConcurrentHashMap.newKeySet();
  /** Ids of the signals applied to this run, in this life and earlier ones: each is applied once. */
  private final Set<String> appliedSignals = ConcurrentHashMap.newKeySet();
  /** The journal of the earlier life this run resumes, or null. */
  private final RunHistory history;

  Run(
      DefaultEngine engine,
      CompiledWorkflow spec,
      Object input,
      FailurePolicy policy,
      Map<String, String> labels,
      List<RunListener> listeners,
      Life life) {
    this.engine = engine;
    this.spec = spec;
    this.runId = life.runId() != null ? life.runId() : AttemptNames.newRunId(spec.name());
    this.workflowName = spec.name();
    this.clock = engine.clock;
    this.policy = policy;
    this.listeners = listeners;
    this.hasListeners = !listeners.isEmpty();
    this.labels = labels;
    this.startedMillis = life.started() != null ? life.started().toEpochMilli() : clock.millis();
    this.past = life.past();
    this.history = life.history();
    if (history != null) {
      history.signals().forEach(r -> appliedSignals.add(r.signalId()));
    }
    this.root = new Frame(this, spec, input, "", this);
  }

  Map<String, String> labels() {
    return labels;
  }

  /** What the journal of an earlier life says of the node at {@code path}, or null. */
  NodeHistory past(String path) {
    return past.get(path);
  }

  /** What the journal of an earlier life says the gate at {@code path} waited for, if it waited. */
  Optional<JournalRecord.GateWaiting> pastGate(String path) {
    return history == null ? Optional.empty() : history.gate(path);
  }

  void gateWaiting(GateRun gate) {
    gates.put(gate.record.path, gate);
  }

  void gateDone(GateRun gate) {
    endedGates.add(gate.record.path);
    gates.remove(gate.record.path, gate);
  }

  /** The gate waiting at {@code path}, or null. */
  GateRun waitingGate(String path) {
    return gates.get(path);
  }

  /** Whether the gate at {@code path} waited in this life and ended (or was restored ended). */
  boolean gateEnded(String path) {
    return endedGates.contains(path);
  }

  /** Whether a gate of this run waits for a signal now. */
  boolean waitsForSignal() {
    for (GateRun g : gates.values()) {
      if (g.gate instanceof dev.sluice.core.model.GateSpec.Signal) {
        return true;
      }
    }
    return false;
  }

  Set<String> appliedSignals() {
    return Set.copyOf(appliedSignals);
  }

  boolean signalApplied(String signalId) {
    return appliedSignals.contains(signalId);
  }

  void signalApplied(String signalId, boolean applied) {
    appliedSignals.add(signalId);
  }

  /** The gates waiting now. */
  List<WaitingGate> waitingGates() {
    List<WaitingGate> out = new ArrayList<>();
    for (GateRun g : gates.values()) {
      WaitingGate w = g.waiting();
      if (w != null) {
        out.add(w);
      }
    }
    out.sort(java.util.Comparator.comparing(WaitingGate::path));
    return out;
  }

  /** Applies a signal to the gate {@code gate} names (path, or a signal only one waiting gate expects). */
  SignalOutcome signal(String gate, Object payload, String signalId) {
    SignalBox.checkId(signalId);
    if (appliedSignals.contains(signalId)) {
      return SignalOutcome.DUPLICATE;
    }
    if (completion.isDone() || stopReason != null) {
      throw new SignalRefusedException("run " + runId + " has " + (completion.isDone() ? "ended " + state
          : "been stopped") + "; a signal cannot change it");
    }
    WaitingGate target = SignalBox.resolve(runId, waitingGates(), gate);
    GateRun g = gates.get(target.path());
    if (g == null) {
      throw new SignalRefusedException("gate '" + target.path() + "' of run " + runId + " is not waiting any more");
    }
    SignalOutcome outcome = g.offer(payload, signalId, null);
    RunJournaling j = journaling;
    if (j != null && outcome == SignalOutcome.APPLIED) {
      try {
        j.synced().get(1, TimeUnit.MINUTES); // APPLIED means journaled: a crash now keeps the signal
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        log.warn("run {}: signal {} was applied but its journal write did not complete: {}", runId, signalId,
            e.toString());
      }
    }
    return outcome;
  }

  /** Hands a gate event to every listener. */
  void publish(RunEvent event) {
    for (RunListener l : listeners) {
      try {
        if (event instanceof RunEvent.GateWaiting e) {
          l.gateWaiting(e);
        } else if (event instanceof RunEvent.SignalReceived e) {
          l.signalReceived(e);
        } else if (event instanceof RunEvent.GateTimedOut e) {
          l.gateTimedOut(e);
        }
      } catch (RuntimeException e) {
        log.warn("run {}: listener {} threw on {}; ignored: {}", runId, l, event.getClass().getSimpleName(),
            e.toString());
      }
    }
  }

  Durability durability() {
    return engine.durability;
  }

  void start() {
    RunMdc.Scope mdc = RunMdc.run(runId, workflowName);
    try {
      started();
    } finally {
      mdc.close();
    }
  }

  private void started() {
    log.info("run {} started: workflow '{}' v{}, {} nodes", runId, workflowName, spec.version(), spec.size());
    Deadline d = deadline;
    if (d != null) {
      long left = d.within().toMillis() - (clock.millis() - startedMillis);
      lateTimer = engine.scheduler.schedule(() -> late(d), Math.max(0, left), TimeUnit.MILLISECONDS);
    }
    if (!listeners.isEmpty()) {
      RunEvent.RunStarted event = new RunEvent.RunStarted(runId, workflowName, Instant.ofEpochMilli(startedMillis),
          history == null ? Map.of() : history.carried());
      for (RunListener l : listeners) {
        try {
          l.runStarted(event);
        } catch (RuntimeException e) {
          log.warn("run {}: listener {} threw on runStarted; ignored: {}", runId, l, e.toString());
        }
      }
      RunJournaling j = journaling;
      if (j != null && history == null) {
        carry(event, j);
      }
    }
    root.start();
  }

  /** Journals what the listeners want kept for the run's later lives, if anything. */
  private void carry(RunEvent.RunStarted event, RunJournaling j) {
    Map<String, String> values = null;
    for (RunListener l : listeners) {
      try {
        Map<String, String> more = l.carried(event);
        if (more != null && !more.isEmpty()) {
          if (values == null) {
            values = new java.util.LinkedHashMap<>();
          }
          values.putAll(more);
        }
      } catch (RuntimeException e) {
        log.warn("run {}: listener {} threw on carried; ignored: {}", runId, l, e.toString());
      }
    }
    if (values != null) {
      j.gate(new JournalRecord.RunCarried(runId, values, Instant.ofEpochMilli(clock.millis())));
    }
  }

  /** The deadline passed: tell the listeners, and cancel the run if the deadline says so. */
  private void late(Deadline d) {
    RunMdc.Scope mdc = RunMdc.run(runId, workflowName);
    try {
      if (completion.isDone() || state.isTerminal()) {
        return;
      }
      log.warn("run {} of workflow '{}' is late: still running {} after it started{}", runId, workflowName,
          d.within(), d.cancelling() ? "; cancelling it" : "");
      RunEvent.RunLate event =
          new RunEvent.RunLate(runId, workflowName, d.within(), d.cancelling(), Instant.ofEpochMilli(clock.millis()));
      for (RunListener l : listeners) {
        try {
          l.runLate(event);
        } catch (RuntimeException e) {
          log.warn("run {}: listener {} threw on runLate; ignored: {}", runId, l, e.toString());
        }
      }
      if (d.cancelling()) {
        stop(RunState.CANCELLED, new NodeError("DeadlineExceeded",
            "the run was cancelled: it did not end within its deadline of " + d.within(), null));
      }
    } finally {
      mdc.close();
    }
  }

  /** A remote executor submitted (or re-attached to) an attempt of {@code record}. */
  void attemptSubmitted(NodeRecord record, int attempt, String attemptName, String executor, boolean reattached) {
    if (!hasListeners) {
      return;
    }
    RunEvent.AttemptSubmitted event = new RunEvent.AttemptSubmitted(
        runId, record.path, attempt, attemptName, executor, reattached, Instant.ofEpochMilli(clock.millis()));
    for (RunListener l : listeners) {
      try {
        l.attemptSubmitted(event);
      } catch (RuntimeException e) {
        log.warn("run {}: listener {} threw on attemptSubmitted; ignored: {}", runId, l, e.toString());
      }
    }
  }

  boolean isStopping() {
    return stopReason != null;
  }

  NodeError stopReason() {
    NodeError why = stopReason;
    return why != null ? why : new NodeError("Cancelled", "the run was stopped", null);
  }

  /** A node failed for good: remember the first, and under FAIL_FAST stop everything else. */
  void nodeFailed(NodeRecord record, NodeError error) {
    synchronized (this) {
      if (firstFailed == null) {
        firstFailed = record;
        firstError = error;
      }
    }
    log.debug("run {}: node {} failed: {}", runId, record.path, error.summary());
    if (policy == FailurePolicy.FAIL_FAST) {
      stop(
          RunState.FAILED,
          new NodeError(
              "FailFast", "cancelled: node '" + record.path + "' failed and the run fails fast", null));
    }
  }

  /**
   * A bug in Sluice (or an Error such as OutOfMemoryError) surfaced while handling a node: fail the
   * run loudly rather than leave it hanging.
   */
  void internalError(NodeRecord record, Throwable bug) {
    log.error("run {}: internal error while handling node {}; the run fails", runId, record.path, bug);
    NodeError error =
        new NodeError(bug.getClass().getName(), "internal error at node '" + record.path + "': " + bug, bug);
    synchronized (this) {
      if (firstFailed == null) {
        firstFailed = record;
        firstError = error;
      }
    }
    stop(RunState.FAILED, error);
    finish(RunState.FAILED, null, error);
  }

  void stop(RunState as, NodeError why) {
    synchronized (this) {
      if (stopReason != null || completion.isDone()) {
        return;
      }
      stopState = as;
      stopReason = why;
    }
    root.stop(why);
  }

  @Override
  public void frameDone(Frame frame, NodeState outcome, Object output, NodeError error) {
    if (outcome == NodeState.SUCCEEDED && stopReason == null) {
      finish(RunState.SUCCEEDED, output, null);
      return;
    }
    RunState end = stopState == RunState.CANCELLED ? RunState.CANCELLED : RunState.FAILED;
    NodeError why = end == RunState.CANCELLED ? stopReason : firstError != null ? firstError : error;
    if (why == null && outcome == NodeState.SKIPPED) {
      why =
          new NodeError(
              "OutputSkipped",
              "the workflow's output node was SKIPPED (no branch arm ran), so the run has no output",
              null);
    }
    NodeError cause = why != null ? why : stopReason();
    Optional<TaskSpec> handler = spec.onFailure();
    if (end == RunState.FAILED && handler.isPresent()) {
      runOnFailure(handler.get(), end, cause);
    } else {
      finish(end, null, cause);
    }
  }

  private void runOnFailure(TaskSpec handler, RunState end, NodeError cause) {
    NodeRecord record = new NodeRecord(this, "on-failure", "task");
    record.task = handler;
    onFailureRecord = record;
    NodeRecord failed = firstFailed;
    RunFailure info =
        new RunFailure(
            runId, workflowName, failed == null ? null : failed.path, cause.type(), cause.message());
    TaskRun.Owner owner =
        (slot, value, failure, cancelled) -> {
          if (failure != null) {
            record.moveTo(NodeState.FAILED, record.attempts, NodeError.of(failure), null);
            log.warn("run {}: on-failure task '{}' failed too: {}", runId, handler.name(), failure.toString());
          } else {
            record.moveTo(cancelled != null ? NodeState.CANCELLED : NodeState.SUCCEEDED, record.attempts, cancelled, null);
          }
          finish(end, null, cause);
        };
    new TaskRun(this, owner, 0, record, handler, new Object[] {info}).start();
  }

  /**
   * Ends the run: with a run store, once its end is journaled. The handle, the status and the
   * listeners learn of the end only then; an end the journal does not have (the run store failed,
   * the run was abandoned) is reported as {@link RunAbandonedException}, never as the outcome the
   * journal lacks.
   */
  private void finish(RunState end, Object output, NodeError error) {
    RunMdc.Scope mdc = RunMdc.run(runId, workflowName);
    try {
      finished(end, output, error);
    } finally {
      mdc.close();
    }
  }

  private void finished(RunState end, Object output, NodeError error) {
    synchronized (this) {
      if (ending) {
        return;
      }
      ending = true;
    }
    long decided = clock.millis();
    if (journaling == null) {
      // outside the local executor's trampoline: a callback on the handle may start and await another run
      LocalExecutor.outsideTrampoline(() -> ended(end, output, error, decided, null));
      return;
    }
    journaling.finished(end, output, error).whenComplete((ok, notJournaled) -> {
      Throwable why = unwrap(notJournaled);
      LocalExecutor.outsideTrampoline(() -> ended(end, output, error, decided, why));
    });
  }

  /** The run's end, as this engine reports it; {@code notJournaled}: why the journal lacks it. */
  private void ended(RunState end, Object output, NodeError error, long decided, Throwable notJournaled) {
    RunState reported = notJournaled == null ? end : RunState.FAILED;
    NodeError reason = error;
    if (notJournaled != null) {
      reason = new NodeError(RunAbandonedException.class.getName(), RunMessages.abandoned(runId, workflowName, end, notJournaled), notJournaled);
    }
    synchronized (this) {
      endedMillis = decided;
      state = reported;
    }
    ScheduledFuture<?> timer = lateTimer;
    if (timer != null) {
      timer.cancel(false);
    }
    long ms = endedMillis - startedMillis;
    if (notJournaled != null) {
      log.error("{}", reason.message());
    } else if (end == RunState.SUCCEEDED) {
      log.info("run {} succeeded in {} ms: workflow '{}'", runId, ms, workflowName);
    } else {
      log.info("run {} {} after {} ms: {}", runId, end.name().toLowerCase(), ms, error == null ? "" : error.summary());
    }
    if (!listeners.isEmpty()) {
      RunEvent.RunFinished event =
          new RunEvent.RunFinished(runId, workflowName, reported, Instant.ofEpochMilli(endedMillis), Optional.ofNullable(reason));
      for (RunListener l : listeners) {
        try {
          l.runFinished(event);
        } catch (RuntimeException e) {
          log.warn("run {}: listener {} threw on runFinished; ignored: {}", runId, l, e.toString());
        }
      }
    }
    engine.runEnded(this);
    if (notJournaled != null) {
      completion.completeExceptionally(new RunAbandonedException(reason.message(), status(), notJournaled));
    } else if (end == RunState.SUCCEEDED) {
      completion.complete(output);
    } else {
      completion.completeExceptionally(
          new RunFailedException(RunMessages.failed(runId, workflowName, end, firstFailed, error), status(), error == null ? null : error.cause()));
    }
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Records and publishes one node transition; called by {@link NodeRecord#moveTo}, with the time
   * it read from {@link #clock} for the move ({@code atMillis}), or 0 when it read none.
   */
  void transition(
      NodeRecord record, int attempt, NodeState from, NodeState to, NodeError error, Duration retryIn, long atMillis) {
    if (!debug && journaling == null && !hasListeners) {
      return; // nothing logs, journals or listens: no MDC to bind
    }
    RunMdc.Scope mdc = RunMdc.bind(runId, workflowName, record.path, attempt);
    try {
      transitioned(record, attempt, from, to, error, retryIn, atMillis);
    } finally {
      mdc.close();
    }
  }

  private void transitioned(
      NodeRecord record, int attempt, NodeState from, NodeState to, NodeError error, Duration retryIn, long atMillis) {
    if (debug) {
      log.debug(
          "run {}: {} {} -> {}{}{}",
          runId,
          record.path,
          from,
          to,
          attempt > 0 ? " (attempt " + attempt + ")" : "",
          error == null ? "" : ": " + error.summary());
    }
    RunJournaling j = journaling;
    if (j != null) {
      j.nodeMoved(record, attempt, to, error, atMillis);
    }
    if (!hasListeners) {
      return;
    }
    RunEvent.NodeTransition event =
        new RunEvent.NodeTransition(
            runId,
            record.path,
            attempt,
            from,
            to,
            Instant.ofEpochMilli(atMillis != 0 ? atMillis : clock.millis()),
            Optional.ofNullable(error),
            Optional.ofNullable(retryIn),
            Optional.ofNullable(to == NodeState.CACHED ? record.cacheEntry() : null),
            Optional.ofNullable(record.task == null ? null : record.task.name()),
            Optional.ofNullable(record.task == null ? null : engine.executorName(record.task)),
            record.restored);
    for (RunListener l : listeners) {
      try {
        l.nodeTransition(event);
      } catch (RuntimeException e) {
        log.warn("run {}: listener {} threw on nodeTransition; ignored: {}", runId, l, e.toString());
      }
    }
  }

  // ---- RunHandle -------------------------------------------------------------------------------

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public String workflowName() {
    return workflowName;
  }

  @Override
  public Object await() {
    try {
      return completion.join();
    } catch (CompletionException e) {
      throw rethrow(e.getCause());
    }
  }

  @Override
  public Object await(Duration timeout) throws TimeoutException {
    try {
      return completion.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for run " + runId, e);
    } catch (TimeoutException e) {
      TimeoutException t =
          new TimeoutException("run " + runId + " of workflow '" + workflowName + "' still " + state + " after " + timeout);
      t.initCause(e);
      throw t;
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RunFailedException r) {
      return r;
    }
    return new IllegalStateException(cause);
  }

  @Override
  public CompletionStage<Object> completion() {
    return completion.minimalCompletionStage();
  }

  @Override
  public RunStatus status() {
    List<NodeStatus> nodes = new ArrayList<>(root.spec.size());
    root.collect(nodes);
    NodeRecord handler = onFailureRecord;
    if (handler != null) {
      handler.collect(nodes);
    }
    long ended = endedMillis;
    return new RunStatus(
        runId,
        workflowName,
        state,
        Instant.ofEpochMilli(startedMillis),
        ended == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ended)),
        labels,
        nodes);
  }

  @Override
  public boolean isDone() {
    return completion.isDone();
  }

  @Override
  public boolean cancel() {
    if (completion.isDone()) {
      return false;
    }
    stop(RunState.CANCELLED, new NodeError("Cancelled", "the run was cancelled", null));
    return true;
  }

  @Override
  public String toString() {
    return "Run[" + runId + ", " + state + "]";
  }
}
