package dev.sluice.core.cache;

import dev.sluice.core.internal.cache.CacheStore;
import dev.sluice.core.spi.ArtifactStore;
import java.util.List;

/**
 * Inspects and invalidates the task cache kept in a store: the entries every engine using that
 * store (in any process) shares. Invalidated entries are deleted; the next call of the task runs.
 *
 * <pre>{@code
 * TaskCache cache = TaskCache.on(store);
 * for (CacheEntry e : cache.entries("train")) {
 *   System.out.println(e.version() + " " + e.created() + " from run " + e.runId());
 * }
 * int removed = cache.invalidate("train", "v2");
 * }</pre>
 *
 * <p>Blobs the deleted entries referred to stay in {@code blobs/}: other entries and runs may share
 * them.
 */
public interface TaskCache {

  /** The cache in {@code store} (the engine's: {@code Engine.builder().store(...)}). */
  static TaskCache on(ArtifactStore store) {
    return new CacheStore(store);
  }

  /** The names of the tasks that have entries, sorted. */
  List<String> tasks();

  /** The cache versions of a task that have entries, sorted. */
  List<String> versions(String task);

  /** Every entry of a task, all versions, by version then key. */
  List<CacheEntry> entries(String task);

  /** The entries of one version of a task (as {@link CacheEntry#version()} shows it). */
  List<CacheEntry> entries(String task, String version);

  /** Deletes every entry of a task; returns how many there were. */
  int invalidate(String task);

  /** Deletes the entries of one version of a task; returns how many there were. */
  int invalidate(String task, String version);

  /** Deletes one entry; returns whether it was there. */
  boolean invalidate(CacheEntry entry);
}
