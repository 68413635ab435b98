package dev.sluice.core.engine;

import dev.sluice.core.cache.CacheEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of one node of a run.
 *
 * @param path the node's id, prefixed by its parents for nested nodes ({@code tune/fit},
 *     {@code scores[3]}, {@code decide/deploy})
 * @param kind task, workflow, branch, map, dynamic, or element (one element of a map)
 * @param attempts attempts started so far (0 for nodes that run no task themselves)
 * @param started when the first attempt started
 * @param ended when the node reached a terminal state
 * @param cache the task-cache entry the node's output came from, when it ended CACHED
 * @param executor the name of the executor its latest attempt was dispatched to ({@code local},
 *     {@code ray}, …); empty for nodes that run no task themselves, or no attempt yet
 * @param waitingFor for a WAITING gate: what it waits for and until when
 */
public record NodeStatus(
    String path,
    String kind,
    NodeState state,
    int attempts,
    Optional<Instant> started,
    Optional<Instant> ended,
    Optional<NodeError> error,
    Optional<CacheEntry> cache,
    Optional<String> executor,
    Optional<String> waitingFor) {

  /** A status of a node that is not a waiting gate. */
  public NodeStatus(
      String path,
      String kind,
      NodeState state,
      int attempts,
      Optional<Instant> started,
      Optional<Instant> ended,
      Optional<NodeError> error,
      Optional<CacheEntry> cache,
      Optional<String> executor) {
    this(path, kind, state, attempts, started, ended, error, cache, executor, Optional.empty());
  }

  /** A status that names no executor. */
  public NodeStatus(
      String path,
      String kind,
      NodeState state,
      int attempts,
      Optional<Instant> started,
      Optional<Instant> ended,
      Optional<NodeError> error,
      Optional<CacheEntry> cache) {
    this(path, kind, state, attempts, started, ended, error, cache, Optional.empty());
  }

  /** Time from first start to end, or to now while running; zero if never started. */
  public Duration duration() {
    if (started.isEmpty()) {
      return Duration.ZERO;
    }
    return Duration.between(started.get(), ended.orElse(Instant.now()));
  }
}
