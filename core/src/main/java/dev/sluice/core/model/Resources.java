package dev.sluice.core.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one attempt of a task asks for: cpu cores, memory, GPUs and custom resources. The local
 * executor ignores them; Kubernetes and Ray turn them into requests.
 *
 * @param cpu cores, 0 when unset
 * @param memory a Kubernetes quantity such as {@code 512Mi} or {@code 8Gi}, or null when unset
 * @param gpu whole GPUs, 0 when unset
 * @param custom named resources, e.g. {@code {"trainer": 1}}
 */
public record Resources(double cpu, String memory, int gpu, Map<String, Double> custom) {
  private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?");

  /** No requests. */
  public static final Resources NONE = new Resources(0, null, 0, Map.of());

  public Resources {
    if (cpu < 0 || Double.isNaN(cpu)) {
      throw new IllegalArgumentException("cpu must be 0 or more cores, got " + cpu);
    }
    if (gpu < 0) {
      throw new IllegalArgumentException("gpu must be 0 or more, got " + gpu);
    }
    if (memory != null) {
      parseBytes(memory);
    }
    custom = Collections.unmodifiableMap(new TreeMap<>(Map.copyOf(custom))); // sorted: stable JSON
  }

  /** The memory request in bytes, 0 when unset. */
  public long memoryBytes() {
    return memory == null ? 0 : parseBytes(memory);
  }

  static long parseBytes(String quantity) {
    Matcher m = QUANTITY.matcher(quantity);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "memory '" + quantity + "' is not a quantity: write e.g. 512Mi, 8Gi or 1000000 (bytes)");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2);
    long factor =
        switch (unit) {
          case "Ki" -> 1L << 10;
          case "Mi" -> 1L << 20;
          case "Gi" -> 1L << 30;
          case "Ti" -> 1L << 40;
          case "k" -> 1_000L;
          case "M" -> 1_000_000L;
          case "G" -> 1_000_000_000L;
          case "T" -> 1_000_000_000_000L;
          default -> 1L;
        };
    return (long) (n * factor);
  }
}
