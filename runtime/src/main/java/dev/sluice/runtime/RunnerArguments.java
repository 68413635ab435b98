package dev.sluice.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The task runner's command line: {@code --task <name> --inputs <uri> --outputs <uri>}, each
 * also accepted as {@code --name=value}.
 *
 * @param task the task's name in the application's task catalog
 * @param inputs where {@code inputs.json} is (a store URI, or a path for a filesystem store)
 * @param outputs where to write {@code outputs.json}
 */
public record RunnerArguments(String task, String inputs, String outputs) {
  static final String USAGE =
      "usage: java -cp <app classpath> " + TaskRunner.class.getName()
          + " --task <name> --inputs <uri> --outputs <uri>"
          + " (with SLUICE_STORE_URI and the store's credentials in the environment)";

  /** Parses the command line; throws {@link IllegalArgumentException} with the usage on a mistake. */
  public static RunnerArguments parse(String... args) {
    String task = null;
    String inputs = null;
    String outputs = null;
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[i + 1];
      }
      switch (name) {
        case "--task" -> task = value;
        case "--inputs" -> inputs = value;
        case "--outputs" -> outputs = value;
        default -> {
          unknown.add(arg);
          continue;
        }
      }
      if (eq < 0 || !arg.startsWith("--")) {
        i++;
      }
    }
    List<String> missing = new ArrayList<>();
    if (blank(task)) {
      missing.add("--task");
    }
    if (blank(inputs)) {
      missing.add("--inputs");
    }
    if (blank(outputs)) {
      missing.add("--outputs");
    }
    if (!unknown.isEmpty() || !missing.isEmpty()) {
      throw new IllegalArgumentException(
          (unknown.isEmpty() ? "" : "unknown arguments " + unknown + "; ")
              + (missing.isEmpty() ? "" : "missing " + missing + "; ") + USAGE);
    }
    return new RunnerArguments(task, inputs, outputs);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
