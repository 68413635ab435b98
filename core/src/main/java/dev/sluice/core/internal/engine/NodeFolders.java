package dev.sluice.core.internal.engine;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * {@link AttemptNames#attemptName} with each node's {@link AttemptNames#nodeFolder} remembered: a
 * path that needs sanitizing ({@code n3_7}, {@code Train}, {@code scores[3]}) is hashed with
 * SHA-256 into its folder, about 1 µs and 0.6 KB each time, and the journal names every attempt it
 * records as RUNNING. One per engine, bounded; a path forgotten is hashed again, to the same name.
 */
final class NodeFolders {
  private final Cache<String, String> folders = CacheBuilder.newBuilder().maximumSize(8_192).build();

  /** The attempt's name, exactly as {@link AttemptNames#attemptName} gives it. */
  String attemptName(String runId, String nodePath, int attempt) {
    String folder = AttemptNames.clean(nodePath) ? nodePath : folders.getIfPresent(nodePath); // clean: its own folder
    if (folder == null) {
      folder = AttemptNames.nodeFolder(nodePath);
      folders.put(nodePath, folder);
    }
    return AttemptNames.withFolder(runId, folder, attempt);
  }
}
