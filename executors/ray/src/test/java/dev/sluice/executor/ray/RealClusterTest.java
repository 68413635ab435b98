package dev.sluice.executor.ray;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.TaskTimeoutException;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a real Ray cluster, when {@code SLUICE_IT_RAY_ADDRESS} names its dashboard (e.g. {@code
 * http://127.0.0.1:8265}). The store is a folder the cluster's workers must see at the same path:
 * {@code SLUICE_IT_STORE_DIR} (a shared mount), or a temp folder when Ray runs on this machine
 * ({@code ray start --head}). Skipped, with the reason printed, otherwise.
 */
class RealClusterTest {
  private static final String ADDRESS = System.getenv("SLUICE_IT_RAY_ADDRESS");
  private static final Duration WAIT = Duration.ofMinutes(5);

  @BeforeAll
  static void needsACluster() {
    if (ADDRESS == null || ADDRESS.isBlank()) {
      String reason = "SLUICE_IT_RAY_ADDRESS is not set: skipping the tests against a real Ray cluster"
          + " (set it to the dashboard, e.g. http://127.0.0.1:8265; see docs/ray.md)";
      System.out.println(reason);
      Assumptions.abort(reason);
    }
  }

  private static Engine engine(RayExecutor ray) throws Exception {
    String shared = System.getenv("SLUICE_IT_STORE_DIR");
    Path store = shared != null ? Path.of(shared) : Files.createTempDirectory("sluice-ray-it");
    return Engine.builder().store(ArtifactStores.filesystem(store)).executor("ray", ray).build();
  }

  @Test
  void aPythonTaskRunsOnTheClusterAndAFailureComesBackWithItsLog() throws Exception {
    RayExecutor ray = RayExecutor.connect(RayConfig.builder(URI.create(ADDRESS)).build());
    assertThat(ray.cluster().rayVersion()).matches("2\\..*");
    try (Engine engine = engine(ray)) {
      RunHandle<String> run = engine.run(pythonOnly(), 4);
      assertThat(run.await(WAIT)).isEqualTo("py-scale:40");

      RunHandle<Integer> failing = engine.run(RayTasks.shell("it-fail", "echo it-broke >&2; exit 4", null), 1);
      Throwable failure = RayFailuresTest.failureOf(failing);
      assertThat(failure).isInstanceOf(RayJobFailedException.class);
      assertThat(((RayJobFailedException) failure).driverExitCode()).hasValue(4);
      assertThat(((RayJobFailedException) failure).logTail()).contains("it-broke");
    }
  }

  @Test
  void cancellingStopsTheJobOnTheCluster() throws Exception {
    RayExecutor ray = RayExecutor.connect(RayConfig.builder(URI.create(ADDRESS)).build());
    try (Engine engine = engine(ray)) {
      RunHandle<Integer> run = engine.run(RayTasks.shell("it-sleep", "sleep 600", Duration.ofSeconds(20)), 1);
      assertThat(RayFailuresTest.failureOf(run)).isInstanceOf(TaskTimeoutException.class);
    }
  }

  /** The Python task alone, then a local description (no JVM on the cluster needed). */
  private static Workflow<Integer, String> pythonOnly() {
    return Workflow.named("ray-it", Integer.class, (wf, n) -> {
      Value<RayTasks.Scaled> scaled = wf.call(RayTasks.pyScale, n);
      return wf.call(Task.named("it-describe").of(RealClusterTest::describe), scaled);
    });
  }

  private static String describe(RayTasks.Scaled s) {
    return s.node() + ":" + s.value();
  }
}
