package dev.sluice.core.internal.trigger;

import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.Observation;
import java.util.List;
import java.util.Optional;

/**
 * What one guarded read of a source gave: samples, or a failure of kind {@link
 * Decision#SOURCE_UNAVAILABLE} or {@link Decision#SOURCE_ERROR} with its message.
 */
record Reading(String source, List<MetricSample> samples, Decision failure, String message) {

  static Reading of(String source, List<MetricSample> samples) {
    return new Reading(source, List.copyOf(samples), null, null);
  }

  static Reading failed(String source, Decision kind, String message) {
    return new Reading(source, List.of(), kind, message);
  }

  boolean ok() {
    return failure == null;
  }

  Observation observation() {
    return new Observation(source, samples, Optional.ofNullable(message));
  }
}
