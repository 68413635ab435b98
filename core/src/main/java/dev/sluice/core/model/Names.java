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

  /**
   * {@code name} cut to the 128-character limit: a longer one keeps its first 111 characters and
   * adds a hash of the whole and its length, so that distinct long names stay distinct. Derived
   * names (an event source named after a workflow or a model, say) fit this way.
   */
  public static String fit(String name) {
    return name.length() <= 128 ? name
        : name.substring(0, 111) + "." + Integer.toHexString(name.hashCode()) + "x" + name.length();
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
