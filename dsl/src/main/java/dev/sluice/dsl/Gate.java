package dev.sluice.dsl;

import dev.sluice.core.model.Approval;
import dev.sluice.core.model.GateSpec;
import dev.sluice.core.model.SignalValidator;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a signal gate waits for, for {@link WorkflowBuilder#await}: a named signal with a typed
 * payload, an optional validator, an optional timeout with what to do then. Immutable: each method
 * returns a new gate.
 *
 * <pre>{@code
 * static final Gate<Approval> PROMOTE =
 *     Gate.approval("promote").timeout(Duration.ofHours(4), Approval.reject("sluice", "no decision in time"));
 * Value<Approval> decision = wf.await(PROMOTE, challenger);
 * }</pre>
 *
 * @param <T> the payload type
 */
public final class Gate<T> {
  private final String name;
  private final Class<T> payload;
  private final SignalValidator<? super T> validator;
  private final Duration timeout;
  private final GateSpec.OnTimeout onTimeout;
  private final boolean failOnReject;

  private Gate(String name, Class<T> payload, SignalValidator<? super T> validator, Duration timeout,
      GateSpec.OnTimeout onTimeout, boolean failOnReject) {
    this.name = name;
    this.payload = payload;
    this.validator = validator;
    this.timeout = timeout;
    this.onTimeout = onTimeout;
    this.failOnReject = failOnReject;
  }

  /** A gate for the signal {@code name} with a payload of {@code payload} (a record, typically). */
  public static <T> Gate<T> signal(String name, Class<T> payload) {
    Objects.requireNonNull(payload, "payload class of signal '" + name + "'");
    return new Gate<>(name, payload, null, null, GateSpec.OnTimeout.FAIL, false);
  }

  /**
   * An approval: its payload says approved or rejected, by whom and why. A rejection is the output,
   * for a branch to read; {@link #failOnReject()} makes it fail the node instead.
   */
  public static Gate<Approval> approval(String name) {
    return signal(name, Approval.class);
  }

  /** Refuses a bad payload at once, with a message, before anything changes. */
  public Gate<T> validator(SignalValidator<? super T> check) {
    return new Gate<>(name, payload, Objects.requireNonNull(check, "validator"), timeout, onTimeout, failOnReject);
  }

  /** With no signal within {@code after}, the node fails ({@code GateTimedOut}). */
  public Gate<T> timeout(Duration after) {
    return new Gate<>(name, payload, validator, Objects.requireNonNull(after, "timeout"), GateSpec.OnTimeout.FAIL,
        failOnReject);
  }

  /** With no signal within {@code after}, the node continues with {@code fallback} as its payload. */
  public Gate<T> timeout(Duration after, T fallback) {
    return new Gate<>(name, payload, validator, Objects.requireNonNull(after, "timeout"),
        GateSpec.OnTimeout.use(Objects.requireNonNull(fallback, "fallback")), failOnReject);
  }

  /** For an approval: a rejection fails the node, so the run takes its failure path. */
  public Gate<T> failOnReject() {
    if (payload != Approval.class) {
      throw new IllegalStateException("gate '" + name + "' is not an approval; failOnReject() needs Gate.approval(...)");
    }
    return new Gate<>(name, payload, validator, timeout, onTimeout, true);
  }

  String name() {
    return name;
  }

  @SuppressWarnings("unchecked")
  GateSpec spec() {
    SignalValidator<Object> check = validator == null ? null : p -> ((SignalValidator<Object>) validator).refusal(p);
    return new GateSpec.Signal(name, payload, Optional.ofNullable(check), Optional.ofNullable(timeout), onTimeout,
        failOnReject);
  }

  @Override
  public String toString() {
    return "Gate[" + name + ": " + payload.getSimpleName() + "]";
  }
}
