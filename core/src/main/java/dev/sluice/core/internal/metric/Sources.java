package dev.sluice.core.internal.metric;

/** What the built-in sources share. */
final class Sources {
  private Sources() {}

  static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "a metric source needs a short name for reasons and history, e.g. \"accuracy\"");
    }
    return name;
  }
}
