package dev.sluice.core.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where and how an attempt runs: the executor's name ({@code null} means the engine's default),
 * container image, node selector, tolerations and environment variables. The local executor uses
 * only the environment (for command tasks).
 */
public record Placement(
    String executor,
    String image,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    Map<String, String> environment) {

  /** The engine's default executor, no image, no constraints. */
  public static final Placement DEFAULT = new Placement(null, null, Map.of(), List.of(), Map.of());

  public Placement {
    if (executor != null) {
      Names.requireIdentifier(executor, "executor name");
    }
    // Sorted (and null-free) so that the JSON rendering is stable.
    nodeSelector = Collections.unmodifiableMap(new TreeMap<>(Map.copyOf(nodeSelector)));
    tolerations = List.copyOf(tolerations);
    environment = Collections.unmodifiableMap(new TreeMap<>(Map.copyOf(environment)));
  }
}
