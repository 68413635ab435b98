package dev.sluice.core.internal.engine;

import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.RunStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What {@code Engine.Builder} collected about durability: the run store, the lease's time to live,
 * whether to adopt orphans, the workflows that may be resumed, the engine's name, and the store
 * retry policy its journal appends follow. Absent (null) in
 * the engine's config without a run store.
 */
public record DurabilityConfig(
    RunStore store, Duration leaseTtl, boolean adoptOrphans, List<WorkflowSpec> workflows, String engineId,
    RetryPolicy storeRetry) {

  public DurabilityConfig {
    workflows = List.copyOf(workflows);
    Objects.requireNonNull(storeRetry, "storeRetry");
  }

  /** {@code <host>-<pid>-<random>}: an engine's default name in leases and journals. */
  public static String newEngineId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "host");
    String random = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    return host + "-" + ProcessHandle.current().pid() + "-" + random.substring(0, Math.min(6, random.length()));
  }
}
