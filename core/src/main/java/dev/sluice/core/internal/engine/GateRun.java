package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.SignalOutcome;
import dev.sluice.core.engine.SignalRefusedException;
import dev.sluice.core.engine.WaitingGate;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.model.Approval;
import dev.sluice.core.model.GateSpec;
import dev.sluice.core.model.Types;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gate node while it waits: no thread, one timer (its deadline) and, in a journaled run, its
 * run watched by the engine's one {@link SignalPoller} for signals sent by processes that do not
 * hold the run. It stands for a workflow node, a branch arm or a map element. It ends once:
 * when a signal is applied ({@link #offer}), when its timer fires, or when the run stops. A resumed
 * gate keeps the deadline its earlier life journaled; a gate the journal shows ended is restored.
 */
final class GateRun {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.run");

  /**
   * Ends the node the gate stands for: a top-level gate ends its frame's node, a branch arm its
   * arm and branch, a map element its element. It moves {@link #record} to {@code state}.
   */
  interface Ends {
    void ended(NodeState state, Object value, NodeError error);
  }

  private final Run run;
  final NodeRecord record;
  final GateSpec gate;
  private final String about;
  private final Ends ends;
  private volatile WaitingGate waiting;
  private ScheduledFuture<?> timer;

  /**
   * @param about what the gate is for, appended to what it expects (a map element's item); null:
   *     nothing
   */
  GateRun(Run run, NodeRecord record, GateSpec gate, String about, Ends ends) {
    this.run = run;
    this.record = record;
    this.gate = gate;
    this.about = about;
    this.ends = ends;
  }

  void start() {
    NodeHistory past = run.past(record.path);
    if (past != null && (past.state().hasOutput() || past.state() == NodeState.FAILED)) {
      record.restored = true;
      run.engine.taskPool.execute(() -> restore(past));
      return;
    }
    if (!record.moveTo(NodeState.RUNNING, 0)) {
      return;
    }
    long now = run.clock.millis();
    Optional<JournalRecord.GateWaiting> earlier = run.pastGate(record.path);
    Instant since = earlier.map(JournalRecord.GateWaiting::at).orElse(Instant.ofEpochMilli(now));
    Optional<Instant> deadline = earlier.isPresent() ? earlier.get().deadline() : deadline(now);
    Optional<String> signal = gate instanceof GateSpec.Signal s ? Optional.of(s.name()) : Optional.empty();
    String expects = about == null ? gate.describe() : gate.describe() + " " + about;
    WaitingGate w =
        new WaitingGate(record.path, signal, expects, signal.map(x -> gate.payloadType().getTypeName()),
            deadline, since);
    synchronized (this) {
      waiting = w;
      record.gateRun = this;
      record.waitingFor = w.describe();
      RunJournaling j = run.journaling;
      if (j != null) {
        j.gate(new JournalRecord.GateWaiting(run.runId, record.path, signal, w.expects(), w.payloadType(), deadline,
            since));
      }
      run.gateWaiting(this); // listed before it shows WAITING; a signal waits for this lock
      // Armed before the node shows WAITING, so whoever sees it waiting (a test advancing its
      // TestClock) finds the timer; fire() and offer() need this lock, so neither acts before the
      // node waits. A signal applied during this block (by a listener) disposes the timer.
      if (deadline.isPresent()) {
        long delay = Math.max(0, deadline.get().toEpochMilli() - run.clock.millis());
        timer = run.engine.scheduler.schedule(
            () -> run.engine.taskPool.execute(this::fire), delay, TimeUnit.MILLISECONDS);
      }
      if (!record.moveTo(NodeState.WAITING, 0)) {
        dispose();
        return;
      }
      run.publish(new RunEvent.GateWaiting(run.runId, record.path, w, Instant.ofEpochMilli(now)));
      if (run.journaling != null && signal.isPresent()) {
        SignalPoller poller = run.engine.signalPoller();
        poller.watch(run);
        if (earlier.isPresent() && record.state() == NodeState.WAITING) {
          poller.readNow(run, record.path); // sent while no engine held the run: before any deadline, so it wins
        }
      }
    }
  }

  private Optional<Instant> deadline(long now) {
    if (gate instanceof GateSpec.Sleep s) {
      return Optional.of(s.until().orElseGet(() -> Instant.ofEpochMilli(now).plus(s.duration().orElseThrow())));
    }
    return ((GateSpec.Signal) gate).timeout().map(t -> Instant.ofEpochMilli(now).plus(t));
  }

  WaitingGate waiting() {
    return waiting;
  }

  /** Applies a signal: checks its type and the validator, journals it, ends the node. */
  synchronized SignalOutcome offer(Object payload, String signalId, String payloadJson) {
    if (run.signalApplied(signalId)) {
      return SignalOutcome.DUPLICATE;
    }
    if (record.state() != NodeState.WAITING) {
      throw new SignalRefusedException("gate '" + record.path + "' of run " + run.runId + " is not waiting (it is "
          + record.state() + "); a signal cannot change it");
    }
    if (!(gate instanceof GateSpec.Signal s)) {
      throw new SignalRefusedException("gate '" + record.path + "' of run " + run.runId + " is a " + gate.describe()
          + "; it takes no signal. Fix: wait for it to end");
    }
    if (payload == null || !Types.rawType(s.payloadType()).isInstance(payload)) {
      throw new SignalRefusedException("signal '" + s.name() + "' of gate '" + record.path + "' of run " + run.runId
          + " takes a " + Types.describe(s.payloadType()) + ", not " + (payload == null ? "null" : "a "
          + payload.getClass().getName()) + ". Fix: send a " + Types.describe(s.payloadType()));
    }
    if (s.validator().isPresent()) {
      Optional<String> refusal;
      try {
        refusal = s.validator().get().refusal(payload);
      } catch (RuntimeException e) {
        refusal = Optional.of("the validator threw " + e);
      }
      if (refusal.isPresent()) {
        throw new SignalRefusedException("signal '" + s.name() + "' to gate '" + record.path + "' of run " + run.runId
            + " was refused by its validator: " + refusal.get());
      }
    }
    String json = payloadJson;
    RunJournaling j = run.journaling;
    if (j != null && json == null) {
      try {
        json = run.durability().encode(payload, s.payloadType());
      } catch (RuntimeException e) {
        throw new SignalRefusedException("the payload of signal '" + s.name() + "' cannot be journaled: "
            + e.getMessage() + ". Fix: send a record or another type Jackson can write and read");
      }
    }
    run.signalApplied(signalId, true);
    if (j != null) {
      j.gate(new JournalRecord.SignalReceived(run.runId, record.path, s.name(), signalId, json,
          Instant.ofEpochMilli(run.clock.millis())));
    }
    run.publish(new RunEvent.SignalReceived(run.runId, record.path, s.name(), signalId,
        Instant.ofEpochMilli(run.clock.millis())));
    if (s.isApproval() && s.failOnReject() && !((Approval) payload).approved()) {
      Approval a = (Approval) payload;
      end(NodeState.FAILED, null, null, new NodeError("ApprovalRejected",
          "approval '" + s.name() + "' was rejected by " + a.by() + (a.reason().isEmpty() ? "" : ": " + a.reason()), null));
    } else {
      end(NodeState.SUCCEEDED, payload, json, null);
    }
    return SignalOutcome.APPLIED;
  }

  /** The timer fired: a sleep ends, a signal's timeout fails the node or continues with its default. */
  private synchronized void fire() {
    if (record.state() != NodeState.WAITING) {
      return;
    }
    Instant at = Instant.ofEpochMilli(run.clock.millis());
    if (gate instanceof GateSpec.Sleep) {
      Instant woke = waiting.deadline().orElse(at);
      run.publish(new RunEvent.GateTimedOut(run.runId, record.path, true, false, at));
      end(NodeState.SUCCEEDED, woke, encode(woke), null);
      return;
    }
    GateSpec.Signal s = (GateSpec.Signal) gate;
    run.publish(new RunEvent.GateTimedOut(run.runId, record.path, false, s.onTimeout().fails(), at));
    if (s.onTimeout().fails()) {
      end(NodeState.FAILED, null, null, new NodeError("GateTimedOut",
          "gate '" + record.path + "' got no signal '" + s.name() + "' by " + waiting.deadline().orElse(at), null));
    } else {
      Object value = s.onTimeout().value();
      log.info("run {}: gate {} timed out waiting for signal '{}'; continuing with its default", run.runId, record.path,
          s.name());
      end(NodeState.SUCCEEDED, value, encode(value), null);
    }
  }

  private String encode(Object value) {
    return run.journaling == null ? null : run.durability().encode(value, gate.payloadType());
  }

  private void end(NodeState state, Object value, String json, NodeError error) {
    dispose();
    if (json != null) {
      record.outputJson = json;
    }
    record.waitingFor = null;
    ends.ended(state, value, error);
  }

  /** Stops the timer (the node ends, or the run stops). */
  synchronized void dispose() {
    if (timer != null) {
      timer.cancel(false);
    }
    run.gateDone(this);
  }

  /** The run stops: the gate ends CANCELLED unless it ended already. */
  synchronized void cancel(NodeError why) {
    dispose();
    if (!record.state().isTerminal()) {
      record.waitingFor = null;
      ends.ended(NodeState.CANCELLED, null, why);
    }
  }

  private void restore(NodeHistory past) {
    run.gateDone(this);
    record.attempts = past.attempts();
    record.moveTo(NodeState.RUNNING, 0);
    if (past.state() == NodeState.FAILED) {
      ends.ended(NodeState.FAILED, null,
          past.error().orElse(new NodeError("unknown", "failed (journaled; not run again)", null)));
      return;
    }
    try {
      String json = past.outputJson().orElse("null");
      Object value = run.durability().decode(json, gate.payloadType(), "the journaled output of gate '" + record.path + "'");
      record.outputJson = json;
      ends.ended(NodeState.SUCCEEDED, value, null);
    } catch (RuntimeException e) {
      ends.ended(NodeState.FAILED, null, NodeError.of(e));
    }
  }
}
