package dev.sluice.core.internal.metric;

import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.spi.MetricSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Function;

/** A user function as a {@link MetricSource}: one unlabelled series, or none. */
public final class FunctionSource implements MetricSource {
  private final String name;
  private final Function<Instant, OptionalDouble> read;

  public FunctionSource(String name, Function<Instant, OptionalDouble> read) {
    this.name = Sources.checkName(name);
    this.read = Objects.requireNonNull(read, "read");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<MetricSample> read(Instant now) {
    OptionalDouble value =
        Objects.requireNonNull(read.apply(now), "the function of source '" + name + "' returned null; return OptionalDouble.empty() for no data");
    return value.isPresent() ? List.of(new MetricSample(name, Map.of(), value.getAsDouble(), now)) : List.of();
  }

  @Override
  public String toString() {
    return "function '" + name + "'";
  }
}
