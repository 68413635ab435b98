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

  /** These requests with {@code memory} instead (a quantity such as {@code 16Gi}). */
  public Resources withMemory(String memory) {
    return new Resources(cpu, memory, gpu, custom);
  }

  /**
   * These requests with {@code bytes} of memory, written in the largest binary unit that divides
   * it ({@code 16Gi}, {@code 1536Mi}): {@code r -> r.withMemory(r.memoryBytes() * 2)} doubles it.
   */
  public Resources withMemory(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("memory must be positive, got " + bytes + " bytes"
          + (memory == null ? " (this task sets no memory request to scale: set one with resources(...))" : ""));
    }
    String[] units = {"Ti", "Gi", "Mi", "Ki"};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << (10 * (units.length - i));
      if (bytes % unit == 0) {
        return withMemory(bytes / unit + units[i]);
      }
    }
    return withMemory(Long.toString(bytes));
  }

  /** These requests with {@code cpu} cores instead. */
  public Resources withCpu(double cpu) {
    return new Resources(cpu, memory, gpu, custom);
  }

  /** These requests with {@code gpu} GPUs instead. */
  public Resources withGpu(int gpu) {
    return new Resources(cpu, memory, gpu, custom);
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
