package dev.sluice.core.spi;

import java.time.Instant;
import java.util.List;

/**
 * Where a metric trigger reads a value: one query against Prometheus, against the metrics tasks
 * recorded, or a user function. Built-in sources come from {@code dev.sluice.core.metric.MetricSources}.
 *
 * <p>The trigger service calls {@link #read} through a timeout, retries and a circuit breaker, on
 * a thread of its own; an implementation just answers or throws. The three outcomes are kept
 * apart, and none of them is ever read as another:
 *
 * <ul>
 *   <li>samples: one per series the query matched;
 *   <li>an empty list: the query ran and matched nothing (no data — not zero);
 *   <li>an exception: the source could not answer. {@link MetricQueryException} means the query
 *       itself is wrong and retrying cannot help; anything else means the source is unavailable
 *       (retried, then reported).
 * </ul>
 */
public interface MetricSource {

  /** A short name for reasons and history, e.g. {@code accuracy}. */
  String name();

  /**
   * Reads the current value of every series the source's query matches, as of {@code now} (the
   * trigger service's clock). May block; must respond to interruption.
   */
  List<MetricSample> read(Instant now) throws Exception;
}
