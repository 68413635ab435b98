package dev.sluice.console.ops;

import java.util.List;
import java.util.Optional;

/**
 * One run in full: its row, the run it recovers, the engine that started it, its error, its nodes and
 * the actions taken on it.
 *
 * @param live whether the attached engine runs it now (so it can be cancelled here)
 * @param input the workflow's input as journaled, cut to 4 KB
 * @param waiting the gates it waits at now: what for and until when
 */
public record RunDetail(
    RunRow run,
    Optional<String> recoveredFrom,
    String startedBy,
    boolean live,
    Optional<ErrorView> error,
    Optional<String> input,
    List<NodeView> nodes,
    List<GateView> waiting,
    List<ActionRecord> actions) {}
