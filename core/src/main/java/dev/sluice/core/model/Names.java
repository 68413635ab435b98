package dev.sluice.core.model;

import java.util.regex.Pattern;

/** Checks for the names users give to tasks, nodes, workflows and inputs. */
final class Names {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,127}");

  private Names() {}

  static String requireIdentifier(String name, String what) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what
              + " '"
              + name
              + "' is not valid: use 1 to 128 letters, digits, '-', '_' or '.', starting with a"
              + " letter or digit");
    }
    return name;
  }
}
