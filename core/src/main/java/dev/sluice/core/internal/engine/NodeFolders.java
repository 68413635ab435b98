package dev.sluice.core.internal.engine;

import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link AttemptNames#attemptName} with each node's {@link AttemptNames#nodeFolder} remembered: a
 * path that needs sanitizing ({@code n3_7}, {@code Train}, {@code scores[3]}) is hashed with
 * SHA-256 into its folder, about 1 µs and 0.6 KB each time, and the journal names every attempt it
 * records as RUNNING. One per engine, at most {@value #MAX} paths: when full it starts over, and a
 * path forgotten is hashed again, to the same name. A plain concurrent map: a read takes no lock
 * and allocates nothing (a Guava cache recorded each read for its eviction order, an allocation
 * and a contended queue per RUNNING record, ~0.5 µs a task on the lattice's two pool threads).
 */
final class NodeFolders {
  private static final int MAX = 8_192;
  private final ConcurrentHashMap<String, String> folders = new ConcurrentHashMap<>();

  /** The attempt's name, exactly as {@link AttemptNames#attemptName} gives it. */
  String attemptName(String runId, String nodePath, int attempt) {
    String folder = AttemptNames.clean(nodePath) ? nodePath : folders.get(nodePath); // clean: its own folder
    if (folder == null) {
      folder = AttemptNames.nodeFolder(nodePath);
      if (folders.size() >= MAX) {
        folders.clear();
      }
      folders.put(nodePath, folder);
    }
    return AttemptNames.withFolder(runId, folder, attempt);
  }
}
