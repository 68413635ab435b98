package dev.sluice.cli;

import dev.sluice.cli.internal.CliException;
import dev.sluice.console.ops.ForkAction;
import dev.sluice.console.ops.GateAction;
import dev.sluice.console.ops.GateView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sluice gates|signal|approve|reject|fork}: the gates runs wait at, and acting on them. A
 * signal or a decision over a run store alone ({@code --store}) is kept in the store for the engine
 * that holds the run ({@code STORED}); through {@code --console} the console's engine applies it at
 * once when it holds the run. Fork needs a console (its engine has the workflow's code).
 */
final class GateCommands {
  private GateCommands() {}

  /** {@code sluice gates [RUN]}. */
  @Command(name = "gates", mixinStandardHelpOptions = true,
      description = "List the gates waiting for a signal or an approval: of one run, or of every unfinished run.")
  static final class Gates implements Callable<Integer> {
    @ParentCommand SluiceCommand root;

    @Parameters(paramLabel = "RUN", arity = "0..1", description = "Only this run's gates.")
    String runId;

    @Option(names = {"-n", "--limit"}, defaultValue = "200",
        description = "Read at most this many unfinished runs (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      List<GateView> gates = runId != null ? root.ops().gates(runId) : root.ops().waitingGates(limit);
      if (root.json) {
        root.out.json(Map.of("gates", gates));
        return 0;
      }
      if (gates.isEmpty()) {
        root.out.err.println(runId != null ? "run " + runId + " waits at no gate" : "no gate waits");
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (GateView g : gates) {
        rows.add(List.of(g.runId(), g.workflow(), g.path(), g.expects(), g.deadline().map(Format::time).orElse("no timeout"),
            Format.time(g.since())));
      }
      root.out.table(List.of("RUN", "WORKFLOW", "GATE", "WAITS FOR", "UNTIL", "SINCE"), rows);
      return 0;
    }
  }

  /** {@code sluice signal RUN GATE --payload JSON}. */
  @Command(name = "signal", mixinStandardHelpOptions = true,
      description = "Send a signal to a gate a run waits at (over --store it is kept for the engine that holds the run).")
  static final class Signal implements Callable<Integer> {
    @ParentCommand SluiceCommand root;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run's id.")
    String runId;

    @Parameters(index = "1", paramLabel = "GATE", description = "The gate's path (review/approve) or its signal's name.")
    String gate;

    @Option(names = {"-p", "--payload"}, required = true, paramLabel = "JSON",
        description = "The payload, as JSON of the gate's type, e.g. '{\"uri\":\"s3://in/f.csv\",\"rows\":10}'.")
    String payload;

    @Option(names = "--id", paramLabel = "ID", description = "The signal id (the same id twice is applied once; default: a new one).")
    String signalId;

    @Override
    public Integer call() {
      return ActionCommands.act(root, new GateAction.Signal(runId, gate, payload, Optional.ofNullable(signalId)));
    }
  }

  /** What approve and reject share. */
  abstract static class Decision implements Callable<Integer> {
    @ParentCommand SluiceCommand root;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run's id.")
    String runId;

    @Parameters(index = "1", paramLabel = "GATE", description = "The approval gate's path or signal name.")
    String gate;

    @Option(names = "--by", paramLabel = "NAME", description = "Who decides (default: your user name).")
    String by;

    @Option(names = {"-r", "--reason"}, paramLabel = "TEXT", description = "Why; kept with the decision in the run's journal.")
    String reason;

    @Option(names = "--id", paramLabel = "ID", description = "The signal id (the same id twice is applied once; default: a new one).")
    String signalId;

    abstract boolean approve();

    @Override
    public Integer call() {
      String who = by != null ? by : System.getProperty("user.name", "unknown");
      return ActionCommands.act(root, new GateAction.Decide(runId, gate, approve(), Optional.of(who),
          reason == null ? "" : reason, Optional.ofNullable(signalId)));
    }
  }

  /** {@code sluice approve RUN GATE}. */
  @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve an approval gate a run waits at.")
  static final class Approve extends Decision {
    @Override
    boolean approve() {
      return true;
    }
  }

  /** {@code sluice reject RUN GATE}. */
  @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject an approval gate a run waits at.")
  static final class Reject extends Decision {
    @Override
    boolean approve() {
      return false;
    }
  }

  /** {@code sluice fork RUN --from NODE [--input k=v]...}. */
  @Command(name = "fork", mixinStandardHelpOptions = true,
      description = "Start a new run from an ended run: NODE and everything downstream run again, the rest is reused"
          + " (through --console).")
  static final class Fork implements Callable<Integer> {
    @ParentCommand SluiceCommand root;

    @Parameters(paramLabel = "RUN", description = "The ended run's id.")
    String runId;

    @Option(names = "--from", required = true, paramLabel = "NODE", description = "The top-level node to run again from.")
    String from;

    @Option(names = {"-i", "--input"}, paramLabel = "FIELD=VALUE",
        description = "Change a field of the journaled workflow input (JSON values such as 0.9 or true; text as is);"
            + " repeat for several.")
    List<String> input = new ArrayList<>();

    @Override
    public Integer call() {
      Map<String, String> changes = new LinkedHashMap<>();
      for (String kv : input) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new CliException(CliException.USAGE, "--input '" + kv + "' must be field=value");
        }
        changes.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      return ActionCommands.act(root, new ForkAction(runId, from, changes));
    }
  }
}
