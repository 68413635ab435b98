package dev.sluice.cli;

import dev.sluice.console.ops.HistoryEntry;
import dev.sluice.console.ops.Operations;
import dev.sluice.console.ops.RunDetail;
import dev.sluice.core.engine.RunState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sluice run watch <id>}: follows a run until it ends, one line per transition. */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = "Follow a run until it ends, printing each node's transitions and the progress. Exit 0 if it succeeded, 1 if not.")
final class RunWatch implements Callable<Integer> {
  @ParentCommand RunCommand parent;

  @Parameters(paramLabel = "RUN", description = "The run's id.")
  String runId;

  @Override
  public Integer call() {
    return follow(parent.root, runId);
  }

  /** Prints transitions as the journal gets them until the run ends; returns 0 if it succeeded. */
  static int follow(SluiceCommand root, String runId) {
    Operations ops = root.ops();
    Map<String, String> states = new HashMap<>();
    int next = 0;
    while (true) {
      List<HistoryEntry> batch = ops.history(runId, next);
      for (HistoryEntry e : batch) {
        next = (int) e.seq() + 1;
        if (root.json) {
          root.out.json(e);
          continue;
        }
        if (e.type().equals("node")) {
          states.put(e.node().orElseThrow(), e.state());
          long done = states.values().stream().filter(s -> !s.equals("RUNNING") && !s.equals("RETRYING")).count();
          root.out.out.println("[" + done + "/" + states.size() + " nodes ended] " + e.node().get() + " "
              + root.out.state(e.state()) + (e.attempt() > 0 ? " (attempt " + e.attempt() + ")" : "")
              + e.error().map(x -> ": " + x.summary()).orElse(""));
        } else if (e.type().equals("run")) {
          root.out.out.println("run " + runId + " " + root.out.state(e.state()));
        }
      }
      root.out.out.flush();
      RunDetail d = batch.isEmpty() ? ops.run(runId) : null;
      if (d != null && d.run().state().isTerminal()) {
        return d.run().state() == RunState.SUCCEEDED ? 0 : 1;
      }
      LockSupport.parkNanos(300_000_000L);
      if (Thread.interrupted()) {
        return 1;
      }
    }
  }
}
