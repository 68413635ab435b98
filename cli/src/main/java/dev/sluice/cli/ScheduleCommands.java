package dev.sluice.cli;

import dev.sluice.cli.internal.CliException;
import dev.sluice.console.ops.Action;
import dev.sluice.console.ops.ActionRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sluice plan pause|resume|backfill} and {@code sluice trigger pause|resume}, through a
 * console: pausing keeps its state in the store, so every replica of the program agrees.
 */
final class ScheduleCommands {
  private ScheduleCommands() {}

  /** Carries {@code action} out through the console and prints (or writes as JSON) what was done. */
  static int act(SluiceCommand root, Action action, String usage) {
    if (!root.remote()) {
      throw new CliException(CliException.REFUSED, PlanCommands.NEEDS_CONSOLE + "--token <token> " + usage);
    }
    ActionRecord r = root.ops().act(action, SluiceCommand.actor());
    if (root.json) {
      root.out.json(r);
    } else {
      root.out.out.println(r.message());
    }
    return 0;
  }

  /** {@code sluice plan pause <name> [--reason …]} and {@code sluice trigger pause <name>}. */
  @Command(name = "pause", mixinStandardHelpOptions = true,
      description = "Pause it (through --console): no replica fires it until resumed; firings meanwhile are not caught up.")
  static final class Pause implements Callable<Integer> {
    @ParentCommand Object parent;

    @Parameters(paramLabel = "NAME", description = "The launch plan's or trigger's name.")
    String name;

    @Option(names = "--reason", defaultValue = "", description = "Why, in words (kept with the pause and in the history).")
    String reason;

    @Override
    public Integer call() {
      return act(root(parent), new Action.Pause(name, reason), "pause " + name);
    }
  }

  /** {@code sluice plan resume <name>} and {@code sluice trigger resume <name>}. */
  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Lift its pause (through --console).")
  static final class Resume implements Callable<Integer> {
    @ParentCommand Object parent;

    @Parameters(paramLabel = "NAME", description = "The launch plan's or trigger's name.")
    String name;

    @Override
    public Integer call() {
      return act(root(parent), new Action.Unpause(name), "resume " + name);
    }
  }

  /** {@code sluice plan backfill <name> --from … --to … [--max-concurrent N]}. */
  @Command(name = "backfill", mixinStandardHelpOptions = true,
      description = "Run the plan once per firing of its schedules in [--from, --to), each with its scheduled time as"
          + " input, at most --max-concurrent at a time; firings that already ran are not run again (through --console).")
  static final class Backfill implements Callable<Integer> {
    @ParentCommand PlanCommands.Plan parent;

    @Parameters(paramLabel = "PLAN", description = "The plan's name.")
    String name;

    @Option(names = "--from", required = true, description = "First instant (inclusive), e.g. 2026-01-01T00:00:00Z.")
    String from;

    @Option(names = "--to", required = true, description = "End (exclusive), e.g. 2026-01-08T00:00:00Z.")
    String to;

    @Option(names = "--max-concurrent", defaultValue = "1", description = "Most runs at a time (default ${DEFAULT-VALUE}).")
    int maxConcurrent;

    @Override
    public Integer call() {
      return act(parent.root, new Action.Backfill(name, instant("--from", from), instant("--to", to), maxConcurrent),
          "plan backfill " + name + " --from " + from + " --to " + to);
    }
  }

  private static Instant instant(String option, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new CliException(CliException.USAGE, option + " '" + value + "' is not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
  }

  private static SluiceCommand root(Object parent) {
    if (parent instanceof PlanCommands.Plan p) {
      return p.root;
    }
    return ((Trigger) parent).root;
  }

  /** {@code sluice trigger pause|resume <name>}. */
  @Command(name = "trigger", mixinStandardHelpOptions = true, description = "Act on a metric or event trigger.",
      subcommands = {Pause.class, Resume.class})
  static final class Trigger {
    @ParentCommand SluiceCommand root;
  }
}
