package dev.sluice.examples;

import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunListener;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints one line per node that starts, ends or retries, with the time since the run started and,
 * when a node ends, how long it ran; a node served from the task cache shows the entry it used. Listeners are called on engine threads and must be quick; a
 * {@code println} is.
 */
public final class ProgressPrinter implements RunListener {
  private final PrintStream out;
  private final Map<String, Instant> runStarts = new ConcurrentHashMap<>();
  private final Map<String, Instant> nodeStarts = new ConcurrentHashMap<>();

  public ProgressPrinter(PrintStream out) {
    this.out = out;
  }

  @Override
  public void runStarted(RunEvent.RunStarted event) {
    runStarts.put(event.runId(), event.at());
  }

  @Override
  public void nodeTransition(RunEvent.NodeTransition e) {
    NodeState to = e.to();
    String detail;
    switch (to) {
      case RUNNING:
        nodeStarts.put(e.runId() + "/" + e.nodePath(), e.at());
        detail = e.attempt() > 1 ? "attempt " + e.attempt() : "";
        break;
      case SUCCEEDED:
      case FAILED:
      case CANCELLED:
        Instant started = nodeStarts.remove(e.runId() + "/" + e.nodePath());
        detail = started == null ? "" : "after " + Duration.between(started, e.at()).toMillis() + " ms";
        break;
      case RETRYING:
        detail = "attempt " + e.attempt() + " failed, next in "
            + e.retryIn().map(Duration::toMillis).orElse(0L) + " ms";
        break;
      case SKIPPED:
      case WAITING:
        detail = "";
        break;
      case CACHED:
        detail = e.cacheEntry()
            .map(c -> "(entry " + c.key().substring(0, 12) + "…, written by run " + c.runId() + ")")
            .orElse("");
        break;
      default:
        return; // PENDING, QUEUED: not worth a line here
    }
    String error = e.error().map(NodeError::summary).orElse("");
    if (to == NodeState.CANCELLED && error.isEmpty()) {
      error = "cancelled";
    }
    Instant runStart = runStarts.getOrDefault(e.runId(), e.at());
    out.println(
        String.format(
                Locale.ROOT,
                "  %+6d ms  %-22s %-9s %s%s",
                Duration.between(runStart, e.at()).toMillis(),
                e.nodePath(),
                to,
                detail,
                error.isEmpty() ? "" : (detail.isEmpty() ? "" : ": ") + error)
            .stripTrailing());
  }

  @Override
  public void runFinished(RunEvent.RunFinished event) {
    runStarts.remove(event.runId());
  }
}
