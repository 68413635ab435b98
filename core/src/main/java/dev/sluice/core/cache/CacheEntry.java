package dev.sluice.core.cache;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the task cache: the stored output of one call, filed under {@code
 * cache/<task>/<version>/<key>.json} in the store.
 *
 * @param task the task's name
 * @param version the cache version it was written under ({@code CachePolicy.keyVersion()})
 * @param key hex SHA-256 over task name, version and the canonical inputs
 * @param uri where the entry is
 * @param created when the output was stored (the writing engine's clock)
 * @param expires when it stops being used, if the policy had an expiry then
 * @param runId the run that produced the output
 * @param nodePath the node, in that run, that produced it
 * @param blobs the SHA-256 of every blob the output refers to (artifacts, a large value); the entry
 *     is used only while all of them are in the store
 */
public record CacheEntry(
    String task,
    String version,
    String key,
    URI uri,
    Instant created,
    Optional<Instant> expires,
    String runId,
    String nodePath,
    List<String> blobs) {

  public CacheEntry {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(expires, "expires");
    blobs = List.copyOf(blobs);
  }

  /** The entry's key in the store: {@code cache/<task>/<version>/<key>.json}. */
  public String storeKey() {
    return storeKey(task, version, key);
  }

  /** The store key of an entry. */
  public static String storeKey(String task, String version, String key) {
    return "cache/" + task + "/" + version + "/" + key + ".json";
  }

  /** {@code train v2 3fa4c1d2e5b6… (run r-…, node train)}: one line for logs and progress. */
  public String describe() {
    return task + " " + version + " " + key.substring(0, Math.min(12, key.length())) + "… (run " + runId
        + ", node " + nodePath + ")";
  }
}
