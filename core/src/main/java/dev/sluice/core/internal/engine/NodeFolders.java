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
  private final ConcurrentHashMap<String, Folder> folders = new ConcurrentHashMap<>();

  /** A node's folder, and the end of its first attempt's name ({@code <folder>-1}) made once. */
  private record Folder(String folder, String firstAttempt) {}

  /** The attempt's name, exactly as {@link AttemptNames#attemptName} gives it for the run whose prefix is {@code runPrefix}. */
  String attemptName(String runPrefix, String nodePath, int attempt) {
    Folder f = folders.get(nodePath);
    if (f == null) {
      String folder = AttemptNames.nodeFolder(nodePath);
      f = new Folder(folder, folder + "-1");
      if (folders.size() >= MAX) {
        folders.clear();
      }
      folders.put(nodePath, f);
    }
    if (attempt == 1 && runPrefix.length() + f.firstAttempt.length() <= AttemptNames.MAX) {
      return runPrefix.concat(f.firstAttempt); // what withPrefix makes, without formatting the attempt
    }
    return AttemptNames.withPrefix(runPrefix, f.folder, attempt);
  }
}
