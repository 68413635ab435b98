package dev.sluice.core.internal.journal;

/** Run ids become file names and key segments: they must be plain. */
final class RunIds {
  private RunIds() {}

  static String check(String runId) {
    if (runId == null || runId.isEmpty() || runId.length() > 200) {
      throw new IllegalArgumentException("a run id must have 1 to 200 characters, got '" + runId + "'");
    }
    for (int i = 0; i < runId.length(); i++) {
      char c = runId.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.';
      if (!ok) {
        throw new IllegalArgumentException(
            "run id '" + runId + "' has a '" + c + "' at " + i + "; run ids use letters, digits, '-', '_' and '.'");
      }
    }
    if (runId.equals(".") || runId.equals("..")) {
      throw new IllegalArgumentException("'" + runId + "' is not a run id");
    }
    return runId;
  }

  /**
   * Appends {@code n} (not negative) in decimal, zero-padded to {@code width} digits: what {@code
   * String.format("%0<width>d", n)} gives, without a formatter per key.
   */
  static StringBuilder padded(StringBuilder out, long n, int width) {
    String digits = Long.toString(n);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }

  /** The folder of a run in a store: {@code runs/<run>/}. */
  static String folder(String runId) {
    return "runs/" + check(runId) + "/";
  }
}
