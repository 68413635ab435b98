package dev.sluice.testing.internal.junit;

import dev.sluice.core.spi.TaskExecutor;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a test engine is built with: from {@code @SluiceTest} or {@code SluiceExtension.builder()}.
 *
 * @param executors stand-in executors by name, made fresh for each test (the engine closes them)
 * @param closeTimeout how long the engine's threads may take to end after the test
 */
public record TestOptions(
    boolean strict,
    Set<String> allow,
    int parallelism,
    boolean virtualTime,
    Map<String, Supplier<? extends TaskExecutor>> executors,
    Duration closeTimeout) {

  /** How long engine threads may take to end when no option says otherwise. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  public TestOptions {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    allow = Set.copyOf(allow);
    executors = Map.copyOf(executors);
    if (closeTimeout.isNegative()) {
      throw new IllegalArgumentException("closeTimeout must not be negative, got " + closeTimeout);
    }
  }
}
