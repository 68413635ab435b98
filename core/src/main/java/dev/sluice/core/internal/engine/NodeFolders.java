package dev.sluice.core.internal.engine;

import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link AttemptNames#attemptName} for the journal's RUNNING records, each node's {@link
 * AttemptNames#nodeFolder} remembered (a path that needs sanitizing, {@code n3_7}, {@code Train},
 * {@code scores[3]}, is hashed with SHA-256, about 1 µs and 0.6 KB each time; a clean one is scanned
 * character by character). One per engine, at most {@value #MAX} paths: when full it starts over,
 * and a path forgotten is worked out again, to the same name. A plain concurrent map: a read takes no
 * lock and allocates nothing (a Guava cache recorded each read for its eviction order). The run's
 * part of the name is the caller's to remember ({@link AttemptNames#runPrefix}, once per run).
 */
final class NodeFolders {
  private static final int MAX = 8_192;
  private final ConcurrentHashMap<String, String> folders = new ConcurrentHashMap<>();

  /** The attempt's name, exactly as {@link AttemptNames#attemptName} gives it for the run whose prefix is {@code runPrefix}. */
  String attemptName(String runPrefix, String nodePath, int attempt) {
    String folder = folders.get(nodePath);
    if (folder == null) {
      folder = AttemptNames.nodeFolder(nodePath);
      if (folders.size() >= MAX) {
        folders.clear();
      }
      folders.put(nodePath, folder);
    }
    return AttemptNames.withPrefix(runPrefix, folder, attempt);
  }
}
