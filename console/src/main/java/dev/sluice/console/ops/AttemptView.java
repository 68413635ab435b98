package dev.sluice.console.ops;

import dev.sluice.core.engine.NodeState;
import java.time.Instant;
import java.util.Optional;

/**
 * One attempt of a node, as its journal tells it: when it ran, where, under which name, how it
 * ended, and the wait (retry backoff) after it, if another attempt followed.
 *
 * @param number 1 for the first attempt
 * @param outcome RUNNING while it runs, else the state it ended in (RETRYING: failed, retried)
 * @param waitUntil when the next attempt started, after a retry backoff
 */
public record AttemptView(
    int number,
    Optional<String> executor,
    Optional<String> name,
    Instant started,
    Optional<Instant> ended,
    NodeState outcome,
    Optional<ErrorView> error,
    Optional<Instant> waitUntil) {}
