package dev.sluice.executor.ray.internal;

/** A Ray release's major and minor version, e.g. 2.9 from {@code 2.9.3} or {@code 2.10.0rc1}. */
record RayVersion(int major, int minor) {

  /** The version in {@code text}, or null if it is not {@code <major>.<minor>[...]}. */
  static RayVersion parse(String text) {
    if (text == null) {
      return null;
    }
    String[] parts = text.trim().split("\\.");
    if (parts.length < 2) {
      return null;
    }
    try {
      return new RayVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1].replaceAll("\\D.*", "")));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  boolean atLeast(int major, int minor) {
    return this.major > major || (this.major == major && this.minor >= minor);
  }
}
