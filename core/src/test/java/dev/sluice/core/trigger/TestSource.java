package dev.sluice.core.trigger;

import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.spi.MetricSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A source the test sets: a value, several series, no data, or a failure; counts its reads. */
final class TestSource implements MetricSource {
  private final String name;
  private volatile double[] values = new double[0];
  private volatile RuntimeException failure;
  final AtomicInteger reads = new AtomicInteger();

  TestSource(String name) {
    this.name = name;
  }

  TestSource value(double... values) {
    this.values = values.clone();
    this.failure = null;
    return this;
  }

  TestSource noData() {
    return value();
  }

  TestSource fail(RuntimeException failure) {
    this.failure = failure;
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<MetricSample> read(Instant now) {
    reads.incrementAndGet();
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
    List<MetricSample> samples = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      samples.add(new MetricSample(name, values.length == 1 ? Map.of() : Map.of("shard", "s" + i), values[i], now));
    }
    return samples;
  }
}
