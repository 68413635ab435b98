package dev.sluice.core.model;

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
    nodeSelector = Map.copyOf(new TreeMap<>(nodeSelector));
    tolerations = List.copyOf(tolerations);
    environment = Map.copyOf(new TreeMap<>(environment));
  }
}
