package dev.sluice.core.model;

import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link GateNode} waits for. The kinds are closed: a {@link Sleep} (a duration or an
 * instant) and a {@link Signal} (a named, typed payload sent from outside the run; an approval is a
 * signal whose payload is an {@link Approval}). A waiting gate holds no thread: it ends when its
 * signal arrives or its timer fires.
 */
public sealed interface GateSpec {

  /** The type of the gate's output, which downstream nodes read. */
  Type payloadType();

  /** A short description for status tables and messages ("signal 'approve' (Approval)"). */
  String describe();

  /**
   * Waits for {@code duration} from the moment the gate starts waiting, or until {@code until};
   * its output is the instant it woke up at (the deadline, on the engine's clock).
   */
  record Sleep(Optional<Duration> duration, Optional<Instant> until) implements GateSpec {
    public Sleep {
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(until, "until");
      if (duration.isPresent() == until.isPresent()) {
        throw new IllegalArgumentException("a sleep needs exactly one of a duration or an instant");
      }
      if (duration.isPresent() && duration.get().isNegative()) {
        throw new IllegalArgumentException("a sleep cannot last a negative duration: " + duration.get());
      }
    }

    @Override
    public Type payloadType() {
      return Instant.class;
    }

    @Override
    public String describe() {
      return duration.map(d -> "sleep " + d).orElseGet(() -> "sleep until " + until.orElseThrow());
    }
  }

  /**
   * Waits for the signal {@code name} with a payload of {@code payloadType}.
   *
   * @param validator refuses a bad payload synchronously, with a message, before it is applied
   * @param timeout how long to wait at most, from the moment the gate starts waiting
   * @param onTimeout what happens when the timeout passes with no signal
   * @param failOnReject for an approval ({@code payloadType} {@link Approval}): a rejection fails the
   *     node (the workflow's failure path); false: the decision is the output, for a branch to read
   */
  record Signal(
      String name,
      Type payloadType,
      Optional<SignalValidator<Object>> validator,
      Optional<Duration> timeout,
      OnTimeout onTimeout,
      boolean failOnReject)
      implements GateSpec {
    public Signal {
      Names.requireIdentifier(name, "signal name");
      Objects.requireNonNull(payloadType, "payload type of signal '" + name + "'");
      Objects.requireNonNull(validator, "validator of signal '" + name + "' (use Optional.empty())");
      Objects.requireNonNull(timeout, "timeout of signal '" + name + "' (use Optional.empty())");
      Objects.requireNonNull(onTimeout, "onTimeout of signal '" + name + "'");
      if (timeout.isPresent() && (timeout.get().isNegative() || timeout.get().isZero())) {
        throw new IllegalArgumentException("the timeout of signal '" + name + "' must be positive, got " + timeout.get());
      }
    }

    /** Whether this is an approval: its payload says approved or rejected, by whom and why. */
    public boolean isApproval() {
      return payloadType == Approval.class;
    }

    @Override
    public String describe() {
      return (isApproval() ? "approval '" : "signal '") + name + "' (" + Types.describe(payloadType) + ")";
    }
  }

  /** What a signal gate does when its timeout passes: fail the node, or continue with a value. */
  record OnTimeout(boolean fails, Object value) {
    /** The node fails with a {@code GateTimedOut} error. */
    public static final OnTimeout FAIL = new OnTimeout(true, null);

    /** The node succeeds with {@code value} as if it had been signalled. */
    public static OnTimeout use(Object value) {
      return new OnTimeout(false, value);
    }
  }
}
