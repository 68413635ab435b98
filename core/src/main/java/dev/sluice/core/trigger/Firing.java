package dev.sluice.core.trigger;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What a metric trigger saw when its condition was met: given to the function that computes the
 * launch's inputs.
 *
 * @param trigger the trigger's name
 * @param time the evaluation's time
 * @param reason why the condition is met, in words
 * @param seen what each source answered
 */
public record Firing(String trigger, Instant time, String reason, List<Observation> seen) {
  public Firing {
    seen = List.copyOf(seen);
  }

  /** The single-series value source {@code source} answered, if any. */
  public OptionalDouble value(String source) {
    for (Observation o : seen) {
      if (o.source().equals(source)) {
        return o.value();
      }
    }
    return OptionalDouble.empty();
  }
}
