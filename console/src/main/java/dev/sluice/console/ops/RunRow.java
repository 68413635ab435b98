package dev.sluice.console.ops;

import dev.sluice.core.engine.RunState;
import dev.sluice.core.journal.RunSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One run as a listing shows it.
 *
 * @param durationMillis from start to end, or to now while it runs
 * @param originKind {@code USER}, {@code LAUNCH_PLAN}, {@code TRIGGER} or {@code RECOVERY}
 * @param originName the user, plan, trigger or recovered run
 * @param owner the engine holding its lease, while one does
 */
public record RunRow(
    String runId,
    String workflow,
    String version,
    RunState state,
    Instant started,
    Optional<Instant> ended,
    long durationMillis,
    String originKind,
    String originName,
    Map<String, String> labels,
    Optional<String> owner) {

  /** The row of a run store's summary, durations counted to {@code now}. */
  public static RunRow of(RunSummary s, Instant now) {
    Instant end = s.ended().orElse(now);
    return new RunRow(
        s.runId(), s.workflow(), s.version(), s.state(), s.started(), s.ended(),
        Math.max(0, Duration.between(s.started(), end).toMillis()), s.origin().kind().name(),
        s.origin().name(), s.labels(),
        s.lease().filter(l -> !s.state().isTerminal()).map(l -> l.owner()));
  }
}
