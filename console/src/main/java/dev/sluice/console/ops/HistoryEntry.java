package dev.sluice.console.ops;

import java.time.Instant;
import java.util.Optional;

/**
 * One record of a run's journal, as the history and the live event stream show it (the workflow
 * spec and values left out).
 *
 * @param seq its position in the journal, from 0
 * @param type {@code run-started}, {@code node}, {@code run}, {@code gate-waiting} or {@code signal}
 * @param detail for a gate: what it waits for and until when; for a signal: its name, id and
 *     payload (cut to 4 KB; an approval's decision, who and why)
 * @param state the node's or run's new state
 */
public record HistoryEntry(
    long seq,
    String type,
    Instant at,
    Optional<String> node,
    Optional<String> kind,
    String state,
    int attempt,
    Optional<String> executor,
    Optional<String> attemptName,
    Optional<ErrorView> error,
    Optional<String> owner,
    Optional<String> detail) {}
