package dev.sluice.dsl;

/** The DSL's own check of names (the same rule core applies), without a regex. */
final class Ids {
  static final String RULE =
      "use 1 to 128 letters, digits, '-', '_' or '.', starting with a letter or digit";

  private Ids() {}

  static boolean valid(String s) {
    if (s == null || s.isEmpty() || s.length() > 128 || !alnum(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!alnum(c) && c != '-' && c != '_' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** Throws naming what was being named, where, and the rule. */
  static String require(String name, String what) {
    if (!valid(name)) {
      throw new IllegalArgumentException(
          what + " '" + name + "' is not valid. Fix: " + RULE);
    }
    return name;
  }
}
