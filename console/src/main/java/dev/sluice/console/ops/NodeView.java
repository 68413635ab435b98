package dev.sluice.console.ops;

import dev.sluice.core.engine.NodeState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a run: its state, attempts, error, where its output came from, and the references of
 * its inputs and output.
 *
 * @param path the node's path ({@code train}, {@code tune/fit}, {@code scores[3]})
 * @param cached whether the output was taken from the task cache (the journal records the output
 *     the cache entry held; the entry's key is not journaled)
 * @param inputs where each input comes from: {@code workflow input}, {@code node <id>}, {@code literal
 *     <type>} (literal values are not shown)
 * @param output the output as journaled (JSON; artifacts appear as references), cut to 4 KB
 */
public record NodeView(
    String path,
    String kind,
    NodeState state,
    int attempts,
    Optional<Instant> started,
    Optional<Instant> ended,
    long durationMillis,
    Optional<String> executor,
    Optional<String> attemptName,
    boolean cached,
    Optional<ErrorView> error,
    Map<String, String> inputs,
    Optional<String> output,
    List<AttemptView> attemptList) {}
