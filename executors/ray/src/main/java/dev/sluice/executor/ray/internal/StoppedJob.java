package dev.sluice.executor.ray.internal;

import dev.sluice.executor.ray.RayJobStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job Sluice stopped and gave up on (its attempt already ended) that Ray has not reported ended:
 * typically one stopped while {@code PENDING}, which Ray leaves {@code PENDING} until its start
 * timeout (15 min by default) and starts if its resources appear (ray-project/ray issues 58353,
 * 55133, 41437). Followed in the background until Ray reports it terminal, without a place under
 * {@code maxJobsInFlight}; if Ray starts it, a warning is logged and it is stopped again (every 10 s
 * while it runs). Whatever it writes stays in its own attempt's folder, which the engine never reads
 * again. Completes the attempt's {@code ended} stage when Ray ends the job (or it is gone, or no longer
 * followed), so that the task's {@code maxConcurrency} permit is held while it may still run.
 */
final class StoppedJob implements JobWatch.Follower {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.ray");
  private static final Duration RESTOP_EVERY = Duration.ofSeconds(10);

  private final String id;
  private final String task;
  private final String folder;
  private final RayShared shared;
  private final CompletableFuture<Void> ended;
  private boolean ran;
  private long lastStop;

  StoppedJob(String id, String task, String folder, RayShared shared, CompletableFuture<Void> ended) {
    this.ended = ended;
    this.id = id;
    this.task = task;
    this.folder = folder;
    this.shared = shared;
  }

  @Override
  public synchronized void onDetails(JobDetails details) {
    RayJobStatus status;
    try {
      status = RayJobStatus.valueOf(String.valueOf(details.status()));
    } catch (IllegalArgumentException e) {
      return;
    }
    if (status.isTerminal()) {
      shared.watch().unfollow(id, this);
      ended.completeAsync(() -> null);
      if (ran) {
        log.warn("{}: the Ray job of task '{}' that Ray started after Sluice had stopped it ended {}: {}", id, task,
            status, details.message());
      } else {
        log.info("{}: Ray ended the job Sluice had stopped: {} ({})", id, status, details.message());
      }
    } else if (status == RayJobStatus.RUNNING) {
      if (!ran) {
        ran = true;
        log.warn("{}: Ray runs the job of task '{}' that Sluice stopped (a stop sent while a job is PENDING is lost "
            + "on Ray); stopping it again. Its attempt already ended: what it writes under {} is never read",
            id, task, folder);
      }
      long now = System.nanoTime();
      if (lastStop == 0 || now - lastStop > RESTOP_EVERY.toNanos()) {
        lastStop = now;
        String path = "/api/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/stop";
        shared.client().call("POST", path, "").whenComplete((reply, error) -> {
          if (error != null) {
            log.warn("{}: could not stop the late Ray job: {}", id, DashboardClient.unwrap(error).getMessage());
          }
        });
      }
    }
  }

  @Override
  public void onGone() {
    log.info("{}: the Ray job Sluice had stopped no longer exists on Ray", id);
    ended.completeAsync(() -> null);
  }

  @Override
  public void onLost(Throwable error) {
    log.warn("{}: lost track of the Ray job Sluice had stopped (Ray may still start it; its task's limits no longer "
        + "count it): {}", id, error.getMessage());
    ended.completeAsync(() -> null); // no run waits forever on a job no longer followed
  }
}
