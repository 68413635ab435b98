package dev.sluice.core.internal.engine;

import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link AttemptNames#attemptName} for the journal's RUNNING records, with what it can remember
 * remembered: each node's {@link AttemptNames#nodeFolder} (a path that needs sanitizing, {@code
 * n3_7}, {@code Train}, {@code scores[3]}, is hashed with SHA-256, about 1 µs and 0.6 KB each time;
 * a clean one is scanned character by character) and the last run's sanitized id. One per engine,
 * at most {@value #MAX} paths: when full it starts over, and a path forgotten is worked out again,
 * to the same name. A plain concurrent map: a read takes no lock and allocates nothing (a Guava
 * cache recorded each read for its eviction order).
 */
final class NodeFolders {
  private static final int MAX = 8_192;
  private final ConcurrentHashMap<String, String> folders = new ConcurrentHashMap<>();

  /** A run id and its sanitized form followed by '-'. */
  private record RunPrefix(String runId, String prefix) {}

  /** The run named last (racy on purpose: a thread that misses another's works it out again). */
  private volatile RunPrefix last = new RunPrefix("", "");

  /** The attempt's name, exactly as {@link AttemptNames#attemptName} gives it. */
  String attemptName(String runId, String nodePath, int attempt) {
    String folder = folders.get(nodePath);
    if (folder == null) {
      folder = AttemptNames.nodeFolder(nodePath);
      if (folders.size() >= MAX) {
        folders.clear();
      }
      folders.put(nodePath, folder);
    }
    RunPrefix run = last;
    if (!run.runId().equals(runId)) {
      run = new RunPrefix(runId, AttemptNames.sanitize(runId) + "-");
      last = run;
    }
    String name = run.prefix() + folder + "-" + attempt; // AttemptNames.withFolder's full name
    return name.length() <= AttemptNames.MAX ? name : AttemptNames.withFolder(runId, folder, attempt);
  }
}
