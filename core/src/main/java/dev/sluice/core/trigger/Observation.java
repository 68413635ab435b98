package dev.sluice.core.trigger;

import dev.sluice.core.spi.MetricSample;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one source answered at one evaluation: its samples (empty: no data), or why it could not
 * be read.
 *
 * @param source the source's name
 * @param samples one per series; empty when there was no data or the read failed
 * @param failure why the read failed; empty when it succeeded
 */
public record Observation(String source, List<MetricSample> samples, Optional<String> failure) {
  public Observation {
    Objects.requireNonNull(source, "source");
    samples = List.copyOf(samples);
    Objects.requireNonNull(failure, "failure");
  }

  /** The value, if the source answered with exactly one series. */
  public OptionalDouble value() {
    return samples.size() == 1 ? OptionalDouble.of(samples.get(0).value()) : OptionalDouble.empty();
  }
}
