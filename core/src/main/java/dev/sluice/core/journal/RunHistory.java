package dev.sluice.core.journal;

import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.NodeStatus;
import dev.sluice.core.engine.WaitingGate;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.engine.RunStatus;
import dev.sluice.core.journal.JournalRecord.NodeUpdate;
import dev.sluice.core.journal.JournalRecord.RunStarted;
import dev.sluice.core.journal.JournalRecord.RunUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run as its journal tells it: how it started, how it stands or ended, and every node's latest
 * state. Built by folding the records in order; the last word on a node wins.
 *
 * <pre>{@code
 * RunHistory history = RunHistory.of(runStore.read(runId));
 * System.out.println(history.status().toTable());
 * }</pre>
 */
public final class RunHistory {
  private final List<JournalRecord> records;
  private final RunStarted start;
  private final Map<String, NodeHistory> nodes = new LinkedHashMap<>();
  private RunUpdate last;
  private final Map<String, JournalRecord.GateWaiting> gates = new LinkedHashMap<>();
  private final List<JournalRecord.SignalReceived> signals = new ArrayList<>();
  private final Map<String, String> carried = new LinkedHashMap<>();

  private RunHistory(List<JournalRecord> records) {
    this.records = List.copyOf(records);
    if (this.records.isEmpty() || !(this.records.get(0) instanceof RunStarted first)) {
      throw new IllegalArgumentException(
          "a run journal starts with its RunStarted record; got "
              + (this.records.isEmpty() ? "no records" : this.records.get(0).getClass().getSimpleName()));
    }
    this.start = first;
    for (JournalRecord r : this.records) {
      if (r instanceof NodeUpdate u) {
        nodes.merge(u.node(), NodeHistory.first(u), (old, ignored) -> old.then(u));
      } else if (r instanceof RunUpdate u) {
        last = u;
      } else if (r instanceof JournalRecord.GateWaiting w) {
        gates.put(w.node(), w);
      } else if (r instanceof JournalRecord.SignalReceived s) {
        signals.add(s);
      } else if (r instanceof JournalRecord.RunCarried c) {
        carried.putAll(c.values());
      }
    }
  }

  /**
   * Folds a run's journal.
   *
   * @throws IllegalArgumentException if it is empty or does not start with a {@link RunStarted}
   */
  public static RunHistory of(List<JournalRecord> records) {
    return new RunHistory(records);
  }

  public String runId() {
    return start.runId();
  }

  /** The record the run started with: spec, input, origin, labels. */
  public RunStarted start() {
    return start;
  }

  /** RUNNING until the journal says the run ended. */
  public RunState state() {
    return last == null ? RunState.RUNNING : last.state();
  }

  /** The last run-level record (a resume or the end), if any. */
  public Optional<RunUpdate> lastUpdate() {
    return Optional.ofNullable(last);
  }

  /** When the run ended, if it did. */
  public Optional<Instant> ended() {
    return state().isTerminal() ? Optional.of(last.at()) : Optional.empty();
  }

  /** Every node the journal mentions, in the order first mentioned. */
  public List<NodeHistory> nodes() {
    return List.copyOf(nodes.values());
  }

  public Optional<NodeHistory> node(String path) {
    return Optional.ofNullable(nodes.get(path));
  }

  public List<JournalRecord> records() {
    return records;
  }

  /** When the gate at {@code path} started waiting, for what and until when, as last journaled. */
  public Optional<JournalRecord.GateWaiting> gate(String path) {
    return Optional.ofNullable(gates.get(path));
  }

  /** The gates the journal shows waiting (none once the run ended). */
  public List<WaitingGate> waitingGates() {
    List<WaitingGate> out = new ArrayList<>();
    if (state().isTerminal()) {
      return out;
    }
    for (JournalRecord.GateWaiting w : gates.values()) {
      NodeHistory n = nodes.get(w.node());
      if (n != null && n.state() == NodeState.WAITING) {
        out.add(new WaitingGate(w.node(), w.signal(), w.expects(), w.payloadType(), w.deadline(), w.at()));
      }
    }
    return out;
  }

  /** What the run's listeners carried with it ({@link JournalRecord.RunCarried}), merged; empty if nothing. */
  public Map<String, String> carried() {
    return Map.copyOf(carried);
  }

  /** Every signal a gate of this run took, in order: the decisions and who sent them. */
  public List<JournalRecord.SignalReceived> signals() {
    return List.copyOf(signals);
  }

  /** The run as a status snapshot, with its node table. */
  public RunStatus status() {
    List<dev.sluice.core.engine.NodeStatus> rows = new ArrayList<>(nodes.size());
    Map<String, WaitingGate> waiting = new LinkedHashMap<>();
    waitingGates().forEach(g -> waiting.put(g.path(), g));
    for (NodeHistory n : nodes.values()) {
      NodeStatus row = n.status();
      WaitingGate g = waiting.get(n.path());
      if (g != null) {
        row = new NodeStatus(row.path(), row.kind(), row.state(), row.attempts(), row.started(), row.ended(),
            row.error(), row.cache(), row.executor(), Optional.of(g.describe()));
      }
      rows.add(row);
    }
    return new RunStatus(runId(), start.workflow(), state(), start.at(), ended(), start.labels(), rows);
  }

  /** The run as a listing shows it. */
  public RunSummary summary(Optional<Lease> lease) {
    return new RunSummary(
        runId(), start.workflow(), start.version(), state(), start.at(), ended(), start.labels(),
        start.origin(), lease);
  }
}
