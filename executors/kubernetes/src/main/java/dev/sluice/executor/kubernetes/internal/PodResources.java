package dev.sluice.executor.kubernetes.internal;

import dev.sluice.core.model.Resources;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A container's requests and limits from a task's {@link Resources}, the configuration's defaults
 * and its ephemeral storage, checked against the API server's rules for resource quantities.
 */
public final class PodResources {
  static final String EPHEMERAL_STORAGE = "ephemeral-storage";

  private PodResources() {}

  /**
   * Refuses an extended resource (a custom name with a '/', e.g. {@code example.com/fpga}) that is
   * not a whole, non-negative number. The API server's rule (kubernetes/kubernetes
   * pkg/apis/core/validation/validation.go, {@code validateResourceQuantityValue}): an extended
   * resource is an integer resource, {@code isNotIntegerErrorMsg = "must be an integer"}, and no
   * quantity may be negative, {@code "must be greater than or equal to 0"}.
   */
  public static void requireWholeExtendedResources(Resources resources, String where) {
    resources.custom().forEach((name, amount) -> {
      if (!name.contains("/")) {
        return; // a Ray resource: fractions are fine there, Kubernetes never sees it
      }
      String rule = amount.isNaN() || amount.isInfinite() ? "is not a number"
          : amount < 0 ? "must be greater than or equal to 0"
          : amount != Math.rint(amount) ? "must be an integer" : null;
      if (rule != null) {
        throw new IllegalArgumentException(name + ": " + amount + " in " + where + " is not a whole number of units:"
            + " Kubernetes counts extended resources (names with a '/') in whole units and refuses the Job with"
            + " 'spec.template.spec.containers[0].resources.limits[" + name + "]: Invalid value: \""
            + canonical(amount) + "\": " + rule + "'. Fix: ask for a whole number of " + name + " (e.g. 1);"
            + " fractional amounts are for Ray's custom resources (names without a '/')");
      }
    });
  }

  /** Refuses what is not a Kubernetes quantity ({@code 10Gi}, {@code 500M}, {@code 1000000}). */
  public static void requireQuantity(String quantity, String what) {
    try {
      if (Quantity.getAmountInBytes(Quantity.parse(quantity)).signum() < 0) {
        throw new IllegalArgumentException("negative");
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(what + " '" + quantity + "' is not a Kubernetes quantity: write e.g. 10Gi,"
          + " 500Mi or 1000000 (bytes)", e);
    }
  }

  /**
   * cpu and memory requested; memory, GPUs and extended resources also limited (cpu too with
   * {@code limitCpu}); ephemeral storage requested and limited when set.
   */
  static ResourceRequirements of(Resources task, Resources defaults, boolean limitCpu, Optional<String> ephemeral) {
    double cpu = task.cpu() > 0 ? task.cpu() : defaults.cpu();
    String memory = task.memory() != null ? task.memory() : defaults.memory();
    int gpu = task.gpu() > 0 ? task.gpu() : defaults.gpu();
    Map<String, Quantity> requests = new TreeMap<>();
    Map<String, Quantity> limits = new TreeMap<>();
    if (cpu > 0) {
      Quantity q = new Quantity(cpu == Math.rint(cpu) ? String.valueOf((long) cpu) : Math.round(cpu * 1000) + "m");
      requests.put("cpu", q);
      if (limitCpu) {
        limits.put("cpu", q);
      }
    }
    if (memory != null) {
      requests.put("memory", new Quantity(memory));
      limits.put("memory", new Quantity(memory));
    }
    if (gpu > 0) {
      limits.put("nvidia.com/gpu", new Quantity(String.valueOf(gpu)));
    }
    ephemeral.ifPresent(e -> {
      requests.put(EPHEMERAL_STORAGE, new Quantity(e));
      limits.put(EPHEMERAL_STORAGE, new Quantity(e));
    });
    Map<String, Double> custom = new TreeMap<>(defaults.custom());
    custom.putAll(task.custom());
    custom.forEach((key, amount) -> {
      if (key.contains("/")) { // an extended resource such as example.com/fpga; plain names are Ray's
        Quantity q = new Quantity(String.valueOf(amount.longValue()));
        requests.put(key, q);
        limits.put(key, q);
      }
    });
    return new ResourceRequirementsBuilder()
        .withRequests(requests.isEmpty() ? null : requests)
        .withLimits(limits.isEmpty() ? null : limits)
        .build();
  }

  /** How the API server prints a quantity in its error: 0.5 as 500m. */
  private static String canonical(double amount) {
    double milli = amount * 1000;
    return milli == Math.rint(milli) && !Double.isInfinite(milli) ? (long) milli + "m" : String.valueOf(amount);
  }
}
