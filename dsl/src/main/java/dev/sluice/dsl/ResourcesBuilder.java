package dev.sluice.dsl;

import dev.sluice.core.model.Resources;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one attempt of a task asks for, set inside {@code resources(r -> r.cpu(4).memory("8Gi"))}. A
 * mutable builder that starts from the task's current requests.
 */
public final class ResourcesBuilder {
  private double cpu;
  private String memory;
  private int gpu;
  private final Map<String, Double> custom = new LinkedHashMap<>();

  ResourcesBuilder(Resources start) {
    cpu = start.cpu();
    memory = start.memory();
    gpu = start.gpu();
    custom.putAll(start.custom());
  }

  /** Cores, fractions allowed (e.g. 0.5). */
  public ResourcesBuilder cpu(double cores) {
    this.cpu = cores;
    return this;
  }

  /** A Kubernetes quantity such as {@code 512Mi} or {@code 8Gi}. */
  public ResourcesBuilder memory(String quantity) {
    this.memory = Objects.requireNonNull(quantity, "memory quantity");
    return this;
  }

  /** Whole GPUs. */
  public ResourcesBuilder gpu(int gpus) {
    this.gpu = gpus;
    return this;
  }

  /** A named custom resource, e.g. a Ray resource {@code custom("trainer", 1)}. */
  public ResourcesBuilder custom(String name, double amount) {
    custom.put(Objects.requireNonNull(name, "custom resource name"), amount);
    return this;
  }

  Resources build() {
    return new Resources(cpu, memory, gpu, custom);
  }
}
