package dev.sluice.core.internal.metric;

import dev.sluice.core.metric.PrometheusClient;
import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.spi.MetricSource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** One PromQL query as a {@link MetricSource}. */
public final class PrometheusSource implements MetricSource {
  private final PrometheusClient client;
  private final String name;
  private final String promql;

  public PrometheusSource(PrometheusClient client, String name, String promql) {
    this.client = Objects.requireNonNull(client, "client");
    this.name = Sources.checkName(name);
    this.promql = Objects.requireNonNull(promql, "promql");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<MetricSample> read(Instant now) {
    return client.query(promql);
  }

  @Override
  public String toString() {
    return "'" + promql + "' on " + client.baseUri();
  }
}
