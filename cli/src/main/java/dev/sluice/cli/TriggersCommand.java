package dev.sluice.cli;

import dev.sluice.cli.internal.CliException;
import dev.sluice.console.ops.TriggerView;
import dev.sluice.core.trigger.TriggerEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code sluice triggers}: metric triggers and why they fired or not. */
@Command(name = "triggers", mixinStandardHelpOptions = true,
    description = "Metric triggers with their recent decisions: why each fired or not (through --console).")
final class TriggersCommand implements Callable<Integer> {
  @ParentCommand SluiceCommand root;

  @Option(names = {"-d", "--decisions"}, defaultValue = "5", description = "Recent decisions to show per trigger (default ${DEFAULT-VALUE}).")
  int decisions;

  @Override
  public Integer call() {
    if (!root.remote()) {
      throw new CliException(CliException.USAGE, PlanCommands.NEEDS_CONSOLE + "triggers");
    }
    List<TriggerView> triggers = root.ops().triggers();
    if (root.json) {
      root.out.json(triggers);
      return 0;
    }
    for (TriggerView t : triggers) {
      root.out.out.println(t.name() + " → plan " + t.plan() + ": when " + t.condition() + ", every " + t.every()
          + ", cooldown " + t.cooldown());
      List<List<String>> rows = new ArrayList<>();
      for (TriggerEvaluation e : t.recent().subList(0, Math.min(decisions, t.recent().size()))) {
        rows.add(List.of("  " + Format.time(e.time()), e.decision().name(), e.runId().orElse("-"), e.reason()));
      }
      if (rows.isEmpty()) {
        root.out.out.println("  (no decisions yet)");
      } else {
        root.out.table(List.of("  WHEN", "DECISION", "RUN", "WHY"), rows);
      }
    }
    if (triggers.isEmpty()) {
      root.out.err.println("the console serves no triggers");
    }
    return 0;
  }
}
