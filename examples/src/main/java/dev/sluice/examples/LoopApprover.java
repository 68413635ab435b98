package dev.sluice.examples;

import static dev.sluice.examples.ModelLoop.APPROVAL_GATE;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.model.Approval;
import dev.sluice.examples.ModelLoop.GateRecord;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A person's part in {@link ModelLoop}, played by the program: approves every run that waits at
 * {@value ModelLoop#APPROVAL_GATE}, printing the {@code engine.signal} call a person would make.
 * The signal is sent from its own thread, as listeners must be fast.
 */
final class LoopApprover implements AutoCloseable {
  private final Consumer<String> out;
  private final List<String> gatedRuns = new CopyOnWriteArrayList<>();
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "model-loop-approver");
    t.setDaemon(true);
    return t;
  });

  LoopApprover(Consumer<String> out) {
    this.out = out;
  }

  /** The listener to add to {@code engine}: it approves the runs that wait at the gate. */
  RunListener listener(Engine engine) {
    return new RunListener() {
      @Override
      public void gateWaiting(RunEvent.GateWaiting event) {
        if (!event.gate().signal().equals(Optional.of(APPROVAL_GATE))) {
          return;
        }
        String runId = event.runId();
        gatedRuns.add(runId);
        say("  approval: run %s waits at gate '%s' (%s); a person approves with", runId, event.nodePath(),
            event.gate().describe());
        say("    engine.signal(\"%s\", \"%s\", Approval.approve(\"you\", \"why\"), \"<signal id>\")", runId, event.nodePath());
        thread.execute(() -> approve(engine, runId, event.nodePath()));
      }
    };
  }

  private void approve(Engine engine, String runId, String gate) {
    try {
      engine.signal(runId, gate, Approval.approve("model-loop", "the champion/challenger verdict stands"),
          "model-loop-approves-" + runId);
    } catch (RuntimeException e) { // SignalRefusedException, or a store that failed: say so, the run's timeout rejects
      say("  approval: not sent to %s: %s", runId, e.getMessage());
    }
  }

  /** The gate of every run that reached it, as the run's journal records it. */
  List<GateRecord> approvals(Engine engine) {
    return gatedRuns.stream().map(runId -> {
      RunHistory history = engine.journal().history(runId);
      return new GateRecord(runId, history.node(APPROVAL_GATE).map(NodeHistory::state).orElseThrow(
          () -> new IllegalStateException("run " + runId + " has no node '" + APPROVAL_GATE + "' in its journal")),
          history.signals());
    }).toList();
  }

  private void say(String format, Object... args) {
    out.accept(String.format(Locale.ROOT, format, args));
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
