package dev.sluice.spring.internal;

import dev.sluice.core.spi.ArtifactStore;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * UP when the artifact store answers a one-object listing; DOWN with the store's error otherwise
 * (the store's own retries run first). Details: the store's root and the executors' names (the
 * store's error messages never carry credentials).
 */
public final class SluiceHealthIndicator extends AbstractHealthIndicator {
  private final ArtifactStore store;
  private final Set<String> executors;

  /** A health indicator over {@code store}. */
  public SluiceHealthIndicator(ArtifactStore store, Set<String> executors) {
    super("Sluice store check failed");
    this.store = store;
    this.executors = new TreeSet<>(executors);
    this.executors.add("local");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.withDetail("store", store.root().toString()).withDetail("executors", executors);
    store.list("", Optional.empty(), 1);
    builder.up();
  }
}
