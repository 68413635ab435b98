package dev.sluice.executor.ray;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.spi.TaskInterceptor;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.testing.ray.RayJobsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * A Ray stand-in, a filesystem store and an engine whose "ray" executor talks to the stand-in; the
 * pieces every Ray test needs, closed together.
 */
final class RayHarness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(60);

  /** Starts Java with this test's class path, as a Ray job's image would with the user's jar. */
  static final List<String> JAVA = List.of(
      Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"));

  final RayJobsServer ray;
  final RayExecutor executor;
  final Engine engine;

  RayHarness(Path dir, RayJobsServer ray, UnaryOperator<RayConfig.Builder> options, TaskInterceptor... interceptors) {
    this.ray = ray;
    this.executor = RayExecutor.connect(options.apply(fastConfig(ray)).build());
    Engine.Builder engine = Engine.builder()
        .workDirectory(dir.resolve("work"))
        .store(ArtifactStores.filesystem(dir.resolve("store")))
        .executor("ray", executor);
    for (TaskInterceptor i : interceptors) {
      engine.interceptor(i);
    }
    this.engine = engine.build();
  }

  RayHarness(Path dir, RayJobsServer ray) {
    this(dir, ray, b -> b);
  }

  /** Polls quickly and gives up on an unreachable dashboard after 20 s, so tests stay short. */
  static RayConfig.Builder fastConfig(RayJobsServer ray) {
    return RayConfig.builder(ray.address())
        .jvmLauncher(JAVA.toArray(String[]::new))
        .poll(Duration.ofMillis(20))
        .dashboard(new RayConfig.DashboardResilience(3, Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(20)));
  }

  /** Waits until {@code condition} holds; fails with {@code what} at the deadline. */
  static void await(String what, BooleanSupplier condition) {
    await(what, WAIT, condition);
  }

  /** Waits up to {@code within} until {@code condition} holds; fails with {@code what} at the deadline. */
  static void await(String what, Duration within, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    engine.close();
    ray.close();
  }
}
