package dev.sluice.cli;

import dev.sluice.cli.internal.CliException;
import dev.sluice.cli.internal.Out;
import dev.sluice.cli.internal.RemoteOperations;
import dev.sluice.cli.internal.Stores;
import dev.sluice.console.ops.OperationException;
import dev.sluice.console.ops.Operations;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code sluice} command. Reads a run store directly ({@code --store}, read-only) or talks to a
 * running console ({@code --console}, which can also act); both through the same operations layer
 * as the HTTP API and the page.
 *
 * <p>Exit codes: 0 done, 1 refused or failed (the run ended FAILED, the action was refused), 2 bad
 * usage or input, 3 no such run, node or plan, 4 the store or console cannot be reached.
 */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    version = "sluice 0.1.0-SNAPSHOT",
    description = "Operate Sluice runs: list, inspect, cancel, resume, recover, fork, signal and approve gates, launch;"
        + " pause, resume and backfill schedules; serve the console.",
    subcommands = {
      RunsCommand.class, RunCommand.class, ActionCommands.Cancel.class, ActionCommands.Resume.class,
      ActionCommands.Recover.class, GateCommands.Gates.class, GateCommands.Signal.class, GateCommands.Approve.class,
      GateCommands.Reject.class, GateCommands.Fork.class, PlanCommands.Plans.class, PlanCommands.Plan.class, TriggersCommand.class,
      ScheduleCommands.Trigger.class,
      ConsoleCommand.class, DagCommand.class, AutoComplete.GenerateCompletion.class
    },
    footer = {"", "Exit codes: 0 done, 1 refused or failed, 2 bad usage, 3 not found, 4 store or console unreachable."})
public final class SluiceCommand {

  @Option(names = "--store", scope = ScopeType.INHERIT, paramLabel = "URI",
      description = "The run store: a folder or s3://bucket/prefix/ (default: $SLUICE_STORE_URI).")
  String store;

  @Option(names = "--console", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "A running console to go through instead, e.g. http://127.0.0.1:8080 (default: $SLUICE_CONSOLE_URL). Needed for actions, plans and triggers.")
  String console;

  @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
      description = "The console's action token (default: $SLUICE_CONSOLE_TOKEN).")
  String token;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON, for scripts.")
  boolean json;

  @Option(names = "--color", scope = ScopeType.INHERIT, paramLabel = "WHEN", defaultValue = "auto",
      description = "Colour states: auto (on a terminal), always or never.")
  String color;

  final Map<String, String> env;
  Out out;
  private Operations ops;
  private Stores.Opened opened;

  public SluiceCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The operations to go through: the console if one is named, else the run store, read-only. */
  Operations ops() {
    if (ops != null) {
      return ops;
    }
    String url = console != null ? console : env.get("SLUICE_CONSOLE_URL");
    if (url != null && !url.isBlank()) {
      String t = token != null ? token : env.get("SLUICE_CONSOLE_TOKEN");
      ops = new RemoteOperations(URI.create(url), t, actor());
    } else {
      opened = Stores.open(store != null ? store : env.get("SLUICE_STORE_URI"), env);
      ops = Operations.builder().runStore(opened.runs(), opened.artifacts()).indexLazily().build();
    }
    return ops;
  }

  boolean remote() {
    ops();
    return ops instanceof RemoteOperations;
  }

  Stores.Opened store() {
    if (console != null) {
      throw new CliException(CliException.USAGE, "this command reads a run store: pass --store, not --console");
    }
    ops();
    return opened;
  }

  static String actor() {
    return System.getProperty("user.name", "unknown") + " (sluice CLI)";
  }

  void close() {
    if (ops != null) {
      ops.close();
    }
    if (opened != null) {
      opened.close();
    }
  }

  /** Runs the command line with this process's streams; returns the exit code. */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, boolean terminal) {
    SluiceCommand root = new SluiceCommand(env);
    CommandLine cl = new CommandLine(root);
    cl.setOut(out).setErr(err);
    cl.setExecutionStrategy(parsed -> {
      String when = root.color;
      if (!when.equals("auto") && !when.equals("always") && !when.equals("never")) {
        throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(),
            "--color must be auto, always or never, not '" + when + "'");
      }
      root.out = new Out(out, err, when.equals("always") || (when.equals("auto") && terminal && !root.json));
      return new CommandLine.RunLast().execute(parsed);
    });
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      err.println("sluice: " + e.getMessage());
      err.flush();
      if (e instanceof CliException c) {
        return c.exitCode();
      }
      if (e instanceof OperationException o) {
        return switch (o.kind()) {
          case INVALID -> CliException.USAGE;
          case NOT_FOUND -> CliException.NOT_FOUND;
          case CONFLICT, UNPROCESSABLE -> CliException.REFUSED;
        };
      }
      if (e instanceof dev.sluice.core.spi.StoreException) {
        return CliException.UNREACHABLE;
      }
      throw e;
    });
    try {
      return cl.execute(args);
    } finally {
      root.close();
      out.flush();
      err.flush();
    }
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(args, System.getenv(), out, err, System.console() != null));
  }
}
