package dev.sluice.core.model;

import java.util.Optional;

/**
 * Checks a signal's payload before it is applied (Temporal's update validators): a refusal is
 * reported at once to the sender, with its message, and changes nothing in the run.
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface SignalValidator<T> {

  /** Why {@code payload} is refused, or empty to accept it. Must not block. */
  Optional<String> refusal(T payload);
}
