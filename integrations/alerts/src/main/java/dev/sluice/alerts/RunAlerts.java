package dev.sluice.alerts;

import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.WaitingGate;
import dev.sluice.core.model.Approval;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.engine.RunState;
import dev.sluice.alerts.internal.Deliveries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns run events into {@link Alert}s and delivers them to notifiers: a failed run, a run that
 * succeeded after retries, a run still running at its deadline ({@code RunOptions.deadline}, a
 * launch plan's SLA), a run waiting at a gate for a signal (at once, or once it has waited longer
 * than {@link Builder#waitingAfter}). Register it as a listener of the engine (or of one run). Deliveries run on
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
  /** The workflow of each live run (gate events name only the run). */
  private final Map<String, String> workflows = new ConcurrentHashMap<>();
  /** Waiting gates whose alert waits for {@link Builder#waitingAfter}, by run and path. */
  private final Map<String, ScheduledFuture<?>> pendingGates = new ConcurrentHashMap<>();
  /**
   * Gates waiting now, by run and path, from the nodes' moves (published in order, before the
   * GateWaiting event, on which another listener may already have signalled the gate).
   */
  private final Set<String> waitingNow = ConcurrentHashMap.newKeySet();
  private final Duration waitingAfter;
  private final BiFunction<String, WaitingGate, String> howToSignal;

  private RunAlerts(Builder b) {
    this.kinds = EnumSet.copyOf(b.kinds);
    this.waitingAfter = b.waitingAfter;
    this.howToSignal = b.howToSignal;
    this.deliveries = new Deliveries(List.copyOf(b.notifiers), b.maxAttempts, b.backoff, b.onDeliveryFailure);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void runStarted(RunEvent.RunStarted e) {
    workflows.put(e.runId(), e.workflowName());
  }

  @Override
  public void nodeTransition(RunEvent.NodeTransition e) {
    if (e.to() == NodeState.RETRYING) {
      retried.add(e.runId());
    }
    if (e.to() == NodeState.WAITING) {
      waitingNow.add(gateKey(e.runId(), e.nodePath()));
    } else if (e.from() == NodeState.WAITING) {
      waitingNow.remove(gateKey(e.runId(), e.nodePath()));
      ScheduledFuture<?> pending = pendingGates.remove(gateKey(e.runId(), e.nodePath()));
      if (pending != null) {
        pending.cancel(false); // signalled, timed out or cancelled before its alert was due
      }
    }
  }

  @Override
  public void gateWaiting(RunEvent.GateWaiting e) {
    WaitingGate gate = e.gate();
    if (!kinds.contains(Alert.Kind.WAITING) || gate.signal().isEmpty()) {
      return; // a sleep waits for no one
    }
    String workflow = workflows.getOrDefault(e.runId(), "unknown");
    Duration waited = Duration.between(gate.since(), e.at());
    Duration due = waitingAfter.minus(waited.isNegative() ? Duration.ZERO : waited);
    if (due.isNegative() || due.isZero()) {
      deliveries.deliver(waiting(e.runId(), workflow, gate, e.at()));
      return;
    }
    String key = gateKey(e.runId(), gate.path());
    if (!waitingNow.contains(key)) {
      return; // it ended before this listener heard it started
    }
    pendingGates.compute(key, (k, previous) -> {
      if (previous != null) {
        previous.cancel(false);
      }
      return deliveries.schedule(() -> {
        if (pendingGates.remove(k) != null && waitingNow.contains(k)) {
          deliveries.deliver(waiting(e.runId(), workflow, gate, e.at().plus(due)));
        }
      }, due);
    });
  }

  private Alert waiting(String runId, String workflow, WaitingGate gate, Instant at) {
    String summary = "run " + runId + " of workflow '" + workflow + "' waits at gate '" + gate.path() + "' for "
        + gate.expects() + " since " + gate.since() + gate.deadline().map(d -> ", until " + d).orElse(", no timeout");
    Alert.Gate about = new Alert.Gate(gate.path(), gate.expects(), gate.signal(), gate.deadline(), gate.since(),
        howToSignal.apply(runId, gate));
    return new Alert(Alert.Kind.WAITING, runId, workflow, at, summary, Optional.empty(), Optional.empty(),
        Optional.of(about));
  }

  /** How to send a gate's signal through the engine's API (the default of {@link Builder#howToSignal}). */
  public static String apiHint(String runId, WaitingGate gate) {
    boolean approval = gate.payloadType().map(t -> t.equals(Approval.class.getName())).orElse(false);
    return "engine.signal(\"" + runId + "\", \"" + gate.path() + "\", payload, signalId)" + (approval
        ? " with Approval.approve(by, reason) or Approval.reject(by, reason) as the payload"
        : " with a " + gate.payloadType().orElse("payload") + " as the payload")
        + " and a signalId unique to this decision";
  }

  private static String gateKey(String runId, String path) {
    return runId + '\n' + path;
  }

  @Override
  public void runFinished(RunEvent.RunFinished e) {
    workflows.remove(e.runId());
    String prefix = e.runId() + '\n';
    waitingNow.removeIf(k -> k.startsWith(prefix));
    pendingGates.entrySet().removeIf(p -> {
      if (p.getKey().startsWith(prefix)) {
        p.getValue().cancel(false);
        return true;
      }
      return false;
    });
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

    private Duration waitingAfter = Duration.ZERO;
    private BiFunction<String, WaitingGate, String> howToSignal = RunAlerts::apiHint;

    private Builder() {}

    /**
     * Alert about a gate only once it has waited {@code after} (measured from when it started
     * waiting, also across resumes), and not at all if it is signalled or times out before; default:
     * at once.
     */
    public Builder waitingAfter(Duration after) {
      Objects.requireNonNull(after, "after");
      if (after.isNegative()) {
        throw new IllegalArgumentException("waitingAfter must be zero or more, got " + after);
      }
      this.waitingAfter = after;
      return this;
    }

    /**
     * How a person sends a waiting gate's signal, from the run id and the gate: the alert carries
     * it ({@link Alert.Gate#howToSignal}). Default: the engine API call ({@link #apiHint}); give
     * your console's link or your CLI's command instead. Put no secret in it: alerts go to chat.
     */
    public Builder howToSignal(BiFunction<String, WaitingGate, String> hint) {
      this.howToSignal = Objects.requireNonNull(hint, "hint");
      return this;
    }

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
