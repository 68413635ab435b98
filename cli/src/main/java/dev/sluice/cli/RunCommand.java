package dev.sluice.cli;

import dev.sluice.console.ops.ActionRecord;
import dev.sluice.console.ops.AttemptView;
import dev.sluice.console.ops.HistoryEntry;
import dev.sluice.console.ops.NodeView;
import dev.sluice.console.ops.RunDetail;
import dev.sluice.console.ops.RunRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sluice run show|logs|history|watch <id>}: one run. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Inspect one run.",
    subcommands = {RunCommand.Show.class, RunCommand.Logs.class, RunCommand.History.class, RunWatch.class})
final class RunCommand {
  @ParentCommand SluiceCommand root;

  static String origin(RunRow r) {
    return r.originKind().toLowerCase(Locale.ROOT).replace('_', '-') + ":" + r.originName();
  }

  /** {@code sluice run show <id>}: the node table. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "A run and its node table.")
  static final class Show implements Callable<Integer> {
    @ParentCommand RunCommand parent;

    @Parameters(paramLabel = "RUN", description = "The run's id.")
    String runId;

    @Override
    public Integer call() {
      SluiceCommand root = parent.root;
      RunDetail d = root.ops().run(runId);
      if (root.json) {
        root.out.json(d);
        return 0;
      }
      RunRow r = d.run();
      root.out.out.println("run " + r.runId() + " (" + r.workflow() + " v" + r.version() + "): " + root.out.state(r.state().name())
          + ", started " + Format.time(r.started()) + ", " + Format.millis(r.durationMillis()) + ", origin " + origin(r)
          + d.recoveredFrom().filter(f -> !r.originKind().equals("FORK")).map(f -> ", recovers " + f).orElse(""));
      d.error().ifPresent(e -> root.out.out.println("error: " + e.summary()));
      List<List<String>> rows = new ArrayList<>();
      for (NodeView n : d.nodes()) {
        String detail = n.error().map(e -> e.summary()).orElse(n.cached() ? "cache hit" : "");
        rows.add(List.of(n.path(), n.kind(), root.out.state(n.state().name()), String.valueOf(n.attempts()),
            Format.millis(n.durationMillis()), n.executor().orElse("-"), detail));
      }
      root.out.table(List.of("NODE", "KIND", "STATE", "ATTEMPTS", "DURATION", "EXECUTOR", "ERROR / CACHE"), rows);
      for (ActionRecord a : d.actions()) {
        root.out.out.println("action: " + a.verb() + " by " + a.actor() + " at " + Format.time(a.at()) + ": "
            + a.outcome() + " (" + a.message() + ")");
      }
      return 0;
    }
  }

  /** {@code sluice run logs <id> <node>}: each attempt, its error and log tail. */
  @Command(name = "logs", mixinStandardHelpOptions = true,
      description = "A node's attempts with their errors and the log tail each failure carried.")
  static final class Logs implements Callable<Integer> {
    @ParentCommand RunCommand parent;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run's id.")
    String runId;

    @Parameters(index = "1", paramLabel = "NODE", description = "The node's path, e.g. train or tune/fit.")
    String node;

    @Override
    public Integer call() {
      SluiceCommand root = parent.root;
      NodeView n = root.ops().node(runId, node);
      if (root.json) {
        root.out.json(n);
        return 0;
      }
      root.out.out.println("node " + n.path() + " of run " + runId + ": " + root.out.state(n.state().name()));
      for (AttemptView a : n.attemptList()) {
        root.out.out.println("attempt " + a.number() + " on " + a.executor().orElse("?") + " (" + a.name().orElse("?") + "), "
            + Format.time(a.started()) + " to " + Format.time(a.ended()) + ": " + root.out.state(a.outcome().name()));
        a.error().ifPresent(e -> {
          root.out.out.println("  " + e.type() + ": " + e.message().replace("\n", "\n  "));
          if (!e.logTail().isEmpty()) {
            root.out.out.println("  --- log tail ---");
            root.out.out.println("  " + e.logTail().replace("\n", "\n  "));
          }
        });
      }
      if (n.attemptList().isEmpty() && n.error().isEmpty()) {
        root.out.out.println("(no attempts journaled" + (n.cached() ? ": its output came from the cache" : "") + ")");
      } else if (n.error().isEmpty()) {
        root.out.out.println("(no error: Sluice keeps the log tail a failure carries; a successful local attempt's"
            + " logs stay in the engine's work directory)");
      }
      return 0;
    }
  }

  /** {@code sluice run history <id>}: the journal, record by record. */
  @Command(name = "history", mixinStandardHelpOptions = true, description = "The run's journal, record by record.")
  static final class History implements Callable<Integer> {
    @ParentCommand RunCommand parent;

    @Parameters(paramLabel = "RUN", description = "The run's id.")
    String runId;

    @Override
    public Integer call() {
      SluiceCommand root = parent.root;
      List<HistoryEntry> records = root.ops().history(runId, 0);
      if (root.json) {
        root.out.json(records);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (HistoryEntry e : records) {
        rows.add(List.of(String.valueOf(e.seq()), Format.time(e.at()), e.type(), e.node().orElse("-"),
            root.out.state(e.state()), e.attempt() == 0 ? "" : String.valueOf(e.attempt()),
            e.error().map(x -> x.summary()).or(e::detail).orElse(e.owner().map(o -> "by " + o).orElse(""))));
      }
      root.out.table(List.of("#", "AT", "RECORD", "NODE", "STATE", "ATTEMPT", "DETAIL"), rows);
      return 0;
    }
  }
}
