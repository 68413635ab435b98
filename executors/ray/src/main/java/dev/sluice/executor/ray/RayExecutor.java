package dev.sluice.executor.ray;

import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.executor.ray.internal.DefaultRayExecutor;
import java.util.List;

/**
 * Runs each task attempt as a Ray job through the dashboard's Job Submission REST API: stages the
 * inputs in the engine's store, submits the job named after the attempt, follows every job's status
 * with one {@code GET /api/jobs/} per poll, and reads the output back from the attempt's own folder.
 * Cancelling or timing out an attempt stops its job.
 *
 * <pre>{@code
 * RayConfig config = RayConfig.builder(URI.create("http://ray-head:8265"))
 *     .jvmLauncher("java", "-cp", "/app/lib/*")
 *     .storeEndpoint("http://minio.data:9000")
 *     .build();
 * try (Engine engine = Engine.builder()
 *         .store(s3Store)
 *         .executor("ray", RayExecutor.connect(config))
 *         .build()) {
 *   ... tasks with .executor("ray") run on the cluster ...
 * }
 * }</pre>
 */
public interface RayExecutor extends TaskExecutor {

  /**
   * Checks the dashboard with {@code GET /api/version} and returns an executor for it. Throws
   * {@link RayDashboardException} if the dashboard does not answer, has no Jobs API, or runs a Ray
   * older than 2.0.
   */
  static RayExecutor connect(RayConfig config) {
    return DefaultRayExecutor.connect(config);
  }

  /** The cluster as seen at start-up. */
  RayClusterInfo cluster();

  /** Jobs submitted and not yet finished. */
  int jobsInFlight();

  /** Attempts waiting for a free place under {@link RayConfig#maxJobsInFlight()}. */
  int attemptsWaiting();

  /**
   * The submission ids of jobs Sluice stopped, whose attempts have ended, that Ray does not report
   * ended yet. Ray does not stop a job that is still {@code PENDING}: it stays {@code PENDING} until
   * Ray's start timeout and runs if its resources appear. Such jobs hold no place under {@link
   * RayConfig#maxJobsInFlight()}; they are followed until Ray ends them, and stopped again if Ray
   * starts them. Their outputs are never read.
   */
  List<String> jobsBeingStopped();
}
