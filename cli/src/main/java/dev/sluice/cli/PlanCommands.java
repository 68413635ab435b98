package dev.sluice.cli;

import dev.sluice.console.ops.Action;
import dev.sluice.console.ops.ActionRecord;
import dev.sluice.console.ops.PlanView;
import dev.sluice.cli.internal.CliException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sluice plans} and {@code sluice plan launch <name>} (pause, resume, backfill: {@link ScheduleCommands}). */
final class PlanCommands {
  private PlanCommands() {}

  static final String NEEDS_CONSOLE =
      "launch plans and triggers are defined in your program, not in the store; ask its console:"
          + " sluice --console http://127.0.0.1:8080 ";

  /** {@code sluice plans}. */
  @Command(name = "plans", mixinStandardHelpOptions = true, description = "Launch plans with their next firings (through --console).")
  static final class Plans implements Callable<Integer> {
    @ParentCommand SluiceCommand root;

    @Override
    public Integer call() {
      if (!root.remote()) {
        throw new CliException(CliException.USAGE, NEEDS_CONSOLE + "plans");
      }
      List<PlanView> plans = root.ops().plans();
      if (root.json) {
        root.out.json(plans);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (PlanView p : plans) {
        String schedules = p.schedules().isEmpty() ? "(none)"
            : p.schedules().stream().map(s -> s.describe()).collect(Collectors.joining("; "));
        String next = p.schedules().stream().flatMap(s -> s.next().stream()).sorted().limit(3)
            .map(Format::time).collect(Collectors.joining(", "));
        String last = p.recent().isEmpty() ? "-" : p.recent().get(0).decision() + " " + Format.time(p.recent().get(0).time());
        rows.add(List.of(p.name(), p.workflow(), schedules, next.isEmpty() ? "-" : next, last));
      }
      root.out.table(List.of("PLAN", "WORKFLOW", "SCHEDULES", "NEXT FIRINGS", "LAST FIRING"), rows);
      return 0;
    }
  }

  /** {@code sluice plan launch <name>}. */
  @Command(name = "plan", mixinStandardHelpOptions = true, description = "Act on a launch plan.",
      subcommands = {Plan.Launch.class, ScheduleCommands.Pause.class, ScheduleCommands.Resume.class,
          ScheduleCommands.Backfill.class})
  static final class Plan {
    @ParentCommand SluiceCommand root;

    /** {@code sluice plan launch <name> [--wait]}. */
    @Command(name = "launch", mixinStandardHelpOptions = true,
        description = "Launch a plan now with its default input (through --console); --wait follows the run.")
    static final class Launch implements Callable<Integer> {
      @ParentCommand Plan parent;

      @Parameters(paramLabel = "PLAN", description = "The plan's name.")
      String name;

      @Option(names = "--wait", description = "Follow the run until it ends; exit 0 only if it succeeded.")
      boolean await;

      @Override
      public Integer call() {
        SluiceCommand root = parent.root;
        if (!root.remote()) {
          throw new CliException(CliException.REFUSED, NEEDS_CONSOLE + "--token <token> plan launch " + name);
        }
        ActionRecord r = root.ops().act(new Action.Launch(name), SluiceCommand.actor());
        if (root.json && !await) {
          root.out.json(r);
          return 0;
        }
        root.out.out.println(r.message());
        if (await && r.runId().isPresent()) {
          return RunWatch.follow(root, r.runId().get());
        }
        return 0;
      }
    }
  }

  static String ago(Instant t) {
    return Format.time(t);
  }
}
