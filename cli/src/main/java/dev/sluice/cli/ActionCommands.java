package dev.sluice.cli;

import dev.sluice.cli.internal.CliException;
import dev.sluice.console.ops.Action;
import dev.sluice.console.ops.ActionRecord;
import dev.sluice.console.ops.GateAction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sluice cancel|resume|recover <id>}: actions, through a console's engine. */
final class ActionCommands {
  private ActionCommands() {}

  static int act(SluiceCommand root, Action action) {
    if (!root.remote() && !(action instanceof GateAction || action instanceof Action.Cancel)) {
      throw new CliException(CliException.REFUSED,
          action.verb() + " runs on the engine that runs your workflows, which a run store alone does not have;"
              + " point the CLI at that program's console: sluice --console http://127.0.0.1:8080 --token <token> "
              + action.verb() + " " + action.target());
    }
    ActionRecord r = root.ops().act(action, SluiceCommand.actor());
    if (root.json) {
      root.out.json(r);
    } else {
      root.out.out.println(r.message());
    }
    return 0;
  }

  /** {@code sluice cancel <id>}. */
  @Command(name = "cancel", mixinStandardHelpOptions = true,
      description = "Cancel a running run: at once through the --console of the engine that runs it; otherwise a"
          + " cancel request is kept in the store for the engine holding the run.")
  static final class Cancel implements Callable<Integer> {
    @ParentCommand SluiceCommand root;

    @Parameters(paramLabel = "RUN", description = "The run's id.")
    String runId;

    @Override
    public Integer call() {
      return act(root, new Action.Cancel(runId));
    }
  }

  /** {@code sluice resume <id>}. */
  @Command(name = "resume", mixinStandardHelpOptions = true,
      description = "Continue an unfinished run whose owner stopped (through --console).")
  static final class Resume implements Callable<Integer> {
    @ParentCommand SluiceCommand root;

    @Parameters(paramLabel = "RUN", description = "The run's id.")
    String runId;

    @Override
    public Integer call() {
      return act(root, new Action.Resume(runId));
    }
  }

  /** {@code sluice recover <id>}. */
  @Command(name = "recover", mixinStandardHelpOptions = true,
      description = "Start a new run of a failed or cancelled run, reusing what succeeded (through --console).")
  static final class Recover implements Callable<Integer> {
    @ParentCommand SluiceCommand root;

    @Parameters(paramLabel = "RUN", description = "The run's id.")
    String runId;

    @Override
    public Integer call() {
      return act(root, new Action.Recover(runId));
    }
  }
}
