package dev.sluice.core.model;

/**
 * A Kubernetes-style toleration that lets a task be scheduled on tainted nodes (GPU pools, arm
 * nodes). Carried by the model; used by remote executors.
 */
public record Toleration(String key, String operator, String value, String effect) {
  public Toleration {
    if (operator == null) {
      operator = value == null ? "Exists" : "Equal";
    }
    if (operator.equals("Exists") && value != null) {
      throw new IllegalArgumentException(
          "toleration of '" + key + "' uses Exists, which takes no value; drop the value or use Equal");
    }
    if (!operator.equals("Exists") && !operator.equals("Equal")) {
      throw new IllegalArgumentException(
          "toleration operator '" + operator + "' is not valid: use Equal or Exists");
    }
  }

  /** Tolerates the taint {@code key=value:effect}. */
  public static Toleration of(String key, String value, String effect) {
    return new Toleration(key, "Equal", value, effect);
  }
}
