package dev.sluice.core.internal.cache;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serialized execution inside one engine: the first call of an entry leads (runs the task), the
 * identical calls that arrive meanwhile wait for its outcome.
 */
public final class InFlight {
  private final Map<String, CompletableFuture<CacheHit>> leaders = new ConcurrentHashMap<>();

  /**
   * Null when the caller now leads the call of {@code entryKey} and must {@link #finish} it;
   * otherwise the leader's outcome: a hit, or null when the leader produced no entry (it failed or
   * was cancelled) and the caller should look again.
   */
  public CompletableFuture<CacheHit> join(String entryKey) {
    return leaders.putIfAbsent(entryKey, new CompletableFuture<>());
  }

  /** The leader of {@code entryKey} is done; {@code hit} is null when it wrote no entry. */
  public void finish(String entryKey, CacheHit hit) {
    CompletableFuture<CacheHit> waiting = leaders.remove(entryKey);
    if (waiting != null) {
      waiting.complete(hit);
    }
  }
}
