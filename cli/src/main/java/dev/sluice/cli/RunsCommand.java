package dev.sluice.cli;

import dev.sluice.cli.internal.CliException;
import dev.sluice.console.ops.RunFilter;
import dev.sluice.console.ops.RunPage;
import dev.sluice.console.ops.RunRow;
import dev.sluice.core.engine.RunState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code sluice runs}: the newest runs, filtered. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List runs, newest first.")
final class RunsCommand implements Callable<Integer> {
  @ParentCommand SluiceCommand root;

  @Option(names = {"-w", "--workflow"}, description = "Only runs of this workflow.")
  String workflow;

  @Option(names = {"-s", "--state"}, split = ",", description = "Only runs in these states: RUNNING, SUCCEEDED, FAILED, CANCELLED.")
  List<String> states = new ArrayList<>();

  @Option(names = {"-l", "--label"}, description = "Only runs with this label (key=value); repeat for several.")
  List<String> labels = new ArrayList<>();

  @Option(names = "--since", description = "Only runs started since: a duration (30m, 2h, 7d) or an instant.")
  String since;

  @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "At most this many runs (default ${DEFAULT-VALUE}, at most 500).")
  int limit;

  @Option(names = "--after", description = "The page token printed under the previous page.")
  String after;

  @Override
  public Integer call() {
    RunFilter.Builder f = RunFilter.builder().workflow(workflow).limit(limit).after(after);
    for (String s : states) {
      try {
        f.state(RunState.valueOf(s.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new CliException(CliException.USAGE, "state '" + s + "' is not one of RUNNING, SUCCEEDED, FAILED, CANCELLED");
      }
    }
    for (String l : labels) {
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw new CliException(CliException.USAGE, "--label '" + l + "' must be key=value");
      }
      f.label(l.substring(0, eq), l.substring(eq + 1));
    }
    if (since != null) {
      f.startedFrom(Format.since(since, Instant.now()));
    }
    RunPage page = root.ops().runs(f.build());
    if (root.json) {
      root.out.json(page);
      return 0;
    }
    if (page.runs().isEmpty()) {
      root.out.err.println("no runs match");
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    for (RunRow r : page.runs()) {
      rows.add(List.of(r.runId(), r.workflow(), root.out.state(r.state().name()), Format.time(r.started()),
          Format.millis(r.durationMillis()), r.originKind().toLowerCase(Locale.ROOT).replace('_', '-') + ":" + r.originName()));
    }
    root.out.table(List.of("RUN", "WORKFLOW", "STATE", "STARTED", "DURATION", "ORIGIN"), rows);
    page.next().ifPresent(n -> root.out.err.println("more: sluice runs --after '" + n + "' (same filters)"));
    return 0;
  }
}
