package dev.sluice.core.internal.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.engine.SignalOutcome;
import dev.sluice.core.engine.SignalRefusedException;
import dev.sluice.core.engine.WaitingGate;
import dev.sluice.core.journal.RefusedSignal;
import dev.sluice.core.internal.io.ValueCodec;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.spi.StoredObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Objects;

/** {@link RunJournal} over a run store and the artifact store holding the runs' folders. */
public final class DefaultRunJournal implements RunJournal {
  private static final ObjectMapper JSON = ValueCodec.newMapper();
  private final RunStore runs;
  private final ArtifactStore artifacts;
  private final Clock clock;

  public DefaultRunJournal(RunStore runs, ArtifactStore artifacts, Clock clock) {
    this.runs = Objects.requireNonNull(runs, "runs");
    this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public List<RunSummary> runs(RunQuery query) {
    return runs.runs(query);
  }

  @Override
  public RunHistory history(String runId) {
    List<JournalRecord> records = runs.read(runId);
    if (records.isEmpty()) {
      throw new IllegalArgumentException("no run '" + runId + "' in " + runs + "; list runs with journal.runs(RunQuery.all())");
    }
    return RunHistory.of(records);
  }

  @Override
  public List<RunSummary> orphans() {
    return runs.runs(RunQuery.builder().orphanedAt(clock.instant()).build());
  }

  @Override
  public void requestCancel(String runId, String by, String reason) {
    Objects.requireNonNull(by, "by (who asks)");
    RunHistory h = history(runId);
    if (h.state().isTerminal()) {
      throw new IllegalStateException("run " + runId + " already ended " + h.state() + "; nothing to cancel");
    }
    new CancelRequests(artifacts).put(new CancelRequests.Request(runId, by, reason == null ? "" : reason, clock.instant()));
  }

  @Override
  public List<String> prune(Duration olderThan) {
    if (olderThan.isNegative()) {
      throw new IllegalArgumentException("prune(olderThan) needs a positive age, got " + olderThan);
    }
    List<String> pruned = runs.prune(clock.instant().minus(olderThan));
    CancelRequests requests = new CancelRequests(artifacts);
    for (String runId : pruned) {
      for (StoredObject o : artifacts.listAll(RunIds.folder(runId)).toList()) {
        artifacts.delete(o.key());
      }
      for (StoredObject o : artifacts.listAll(SignalBox.PENDING + runId + "/").toList()) {
        artifacts.delete(o.key());
      }
      requests.delete(runId);
    }
    return pruned;
  }

  @Override
  public SignalOutcome signal(String runId, String gate, Object payload, String signalId) {
    SignalBox.checkId(signalId);
    RunHistory history;
    try {
      history = history(runId);
    } catch (IllegalArgumentException e) {
      throw new SignalRefusedException(e.getMessage());
    }
    for (var r : history.signals()) {
      if (r.signalId().equals(signalId)) {
        return SignalOutcome.DUPLICATE;
      }
    }
    SignalBox box = new SignalBox(artifacts);
    Optional<RefusedSignal> refused = box.refusal(runId, signalId);
    if (refused.isPresent()) {
      throw new SignalRefusedException("signal " + signalId + " to gate '" + refused.get().gate() + "' of run " + runId
          + " was refused at " + refused.get().refusedAt() + " by the engine holding the run: " + refused.get().reason()
          + ". Fix: send a corrected signal with a new id");
    }
    if (history.state().isTerminal()) {
      throw new SignalRefusedException("run " + runId + " already ended " + history.state()
          + "; a signal cannot change it. Fix: signal a run that is still waiting");
    }
    WaitingGate target = SignalBox.resolve(runId, history.waitingGates(), gate);
    checkPayload(runId, target, payload);
    if (box.get(runId, signalId).isPresent()) {
      return SignalOutcome.DUPLICATE;
    }
    String json;
    try {
      json = JSON.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new SignalRefusedException("the payload of signal " + signalId + " cannot be written as JSON: "
          + e.getOriginalMessage() + ". Fix: send a record or another type Jackson can write");
    }
    box.put(runId, new SignalBox.Stored(target.path(), signalId, json, clock.instant()));
    return SignalOutcome.STORED;
  }

  /** A sleep takes no signal; a payload must be of the journaled type when that class is loadable here. */
  static void checkPayload(String runId, WaitingGate target, Object payload) {
    if (target.signal().isEmpty()) {
      throw new SignalRefusedException("gate '" + target.path() + "' of run " + runId + " is a " + target.expects()
          + "; it takes no signal. Fix: wait for it to end");
    }
    if (payload == null) {
      throw new SignalRefusedException("signal '" + target.signal().get() + "' of gate '" + target.path()
          + "' needs a payload of " + target.payloadType().orElse("its type") + ", not null");
    }
    String type = target.payloadType().orElse(Object.class.getName());
    int generic = type.indexOf('<');
    String raw = generic < 0 ? type : type.substring(0, generic);
    Class<?> expected;
    try {
      expected = Class.forName(raw, false, payload.getClass().getClassLoader() != null
          ? payload.getClass().getClassLoader() : DefaultRunJournal.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return; // not loadable here: the engine that applies it checks it
    }
    if (!expected.isInstance(payload)) {
      throw new SignalRefusedException("signal '" + target.signal().get() + "' of gate '" + target.path() + "' of run "
          + runId + " takes a " + type + ", not a " + payload.getClass().getName() + ". Fix: send a " + raw);
    }
  }

  @Override
  public List<RefusedSignal> refusedSignals(String runId) {
    RunIds.check(runId);
    return new SignalBox(artifacts).refused(runId);
  }

  @Override
  public List<WaitingGate> waitingGates(String runId) {
    return history(runId).waitingGates();
  }
}
