package dev.sluice.core.model;

/** Checks for the names users give to tasks, nodes, workflows, inputs and executors. */
public final class Names {
  private Names() {}

  /** 1 to 128 of [A-Za-z0-9_.-], starting with a letter or digit (a loop: this runs per node). */
  public static boolean isValid(String name) {
    if (name == null || name.isEmpty() || name.length() > 128) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || (c != '-' && c != '_' && c != '.'))) {
        return false;
      }
    }
    return true;
  }

  static String requireIdentifier(String name, String what) {
    if (!isValid(name)) {
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
