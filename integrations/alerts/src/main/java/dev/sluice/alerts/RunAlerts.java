package dev.sluice.alerts;

import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.engine.RunState;
import dev.sluice.alerts.internal.Deliveries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns run events into {@link Alert}s and delivers them to notifiers: a failed run, a run that
 * succeeded after retries, a run still running at its deadline ({@code RunOptions.deadline}, a
 * launch plan's SLA). Register it as a listener of the engine (or of one run). Deliveries run on
 * the alerts' own threads: a notifier that is slow or down never holds the engine. Each delivery
 * is retried with exponential backoff; one that still fails is reported to {@link
 * Builder#onDeliveryFailure} (by default, logged at warn) and dropped.
 *
 * <pre>{@code
 * try (RunAlerts alerts = RunAlerts.builder().notifier(WebhookNotifier.slack(hookUrl)).build();
 *      Engine engine = Engine.builder().listener(alerts).build()) { ... }
 * }</pre>
 */
public final class RunAlerts implements RunListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.alerts");

  private final Set<Alert.Kind> kinds;
  private final Deliveries deliveries;
  /** Runs in which some node was retried, until they end. */
  private final Set<String> retried = ConcurrentHashMap.newKeySet();

  private RunAlerts(Builder b) {
    this.kinds = EnumSet.copyOf(b.kinds);
    this.deliveries = new Deliveries(List.copyOf(b.notifiers), b.maxAttempts, b.backoff, b.onDeliveryFailure);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void nodeTransition(RunEvent.NodeTransition e) {
    if (e.to() == NodeState.RETRYING) {
      retried.add(e.runId());
    }
  }

  @Override
  public void runFinished(RunEvent.RunFinished e) {
    boolean hadRetries = retried.remove(e.runId());
    if (e.state() == RunState.FAILED && kinds.contains(Alert.Kind.FAILED)) {
      String why = e.error().map(err -> err.message()).orElse("no error recorded");
      deliveries.deliver(new Alert(Alert.Kind.FAILED, e.runId(), e.workflowName(), e.at(),
          "run " + e.runId() + " of workflow '" + e.workflowName() + "' failed: " + why,
          e.error().map(err -> err.type()), Optional.empty()));
    } else if (e.state() == RunState.SUCCEEDED && hadRetries && kinds.contains(Alert.Kind.SUCCEEDED_AFTER_RETRIES)) {
      deliveries.deliver(new Alert(Alert.Kind.SUCCEEDED_AFTER_RETRIES, e.runId(), e.workflowName(), e.at(),
          "run " + e.runId() + " of workflow '" + e.workflowName() + "' succeeded, but needed retries",
          Optional.empty(), Optional.empty()));
    }
  }

  @Override
  public void runLate(RunEvent.RunLate e) {
    if (kinds.contains(Alert.Kind.LATE)) {
      deliveries.deliver(new Alert(Alert.Kind.LATE, e.runId(), e.workflowName(), e.at(),
          "run " + e.runId() + " of workflow '" + e.workflowName() + "' is still running " + e.deadline()
              + " after it started" + (e.cancelling() ? "; it is being cancelled" : ""),
          Optional.empty(), Optional.of(e.deadline())));
    }
  }

  /** Waits up to {@code timeout} for deliveries in progress, then stops the alerts' threads. */
  public void close(Duration timeout) {
    deliveries.close(timeout);
  }

  /** {@link #close(Duration)} with 5 s. */
  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  /** Mutable builder of {@link RunAlerts}. */
  public static final class Builder {
    private final List<Notifier> notifiers = new ArrayList<>();
    private Set<Alert.Kind> kinds = EnumSet.allOf(Alert.Kind.class);
    private int maxAttempts = 4;
    private Duration backoff = Duration.ofSeconds(1);
    private BiConsumer<Alert, Throwable> onDeliveryFailure = (alert, error) ->
        log.warn("alert {} of run {} was not delivered: {}", alert.kind(), alert.runId(), error.toString());

    private Builder() {}

    /** Where alerts go; every notifier gets every alert. */
    public Builder notifier(Notifier notifier) {
      notifiers.add(Objects.requireNonNull(notifier, "notifier"));
      return this;
    }

    /** Only these kinds of alert (default: all). */
    public Builder only(Alert.Kind first, Alert.Kind... more) {
      this.kinds = EnumSet.of(first, more);
      return this;
    }

    /**
     * Attempts per delivery (default 4) and the wait before the second (default 1 s, doubled for
     * each next one).
     */
    public Builder retry(int maxAttempts, Duration backoff) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** Hears of each alert whose every attempt failed, with the last error (default: a warning in the log). */
    public Builder onDeliveryFailure(BiConsumer<Alert, Throwable> handler) {
      this.onDeliveryFailure = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** @throws IllegalStateException without a notifier */
    public RunAlerts build() {
      if (notifiers.isEmpty()) {
        throw new IllegalStateException("RunAlerts needs at least one notifier; add one with notifier(...)");
      }
      return new RunAlerts(this);
    }
  }
}
