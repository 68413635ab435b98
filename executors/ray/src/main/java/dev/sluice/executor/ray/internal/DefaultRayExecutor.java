package dev.sluice.executor.ray.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.sluice.core.spi.Attempt;
import dev.sluice.executor.ray.RayClusterInfo;
import dev.sluice.executor.ray.RayConfig;
import dev.sluice.executor.ray.RayDashboardException;
import dev.sluice.executor.ray.RayExecutor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RayExecutor} over the dashboard's REST API: one scheduler thread times the {@link JobWatch}
 * that follows every job with one list request per tick, eight threads make the dashboard requests,
 * four do store I/O; no thread waits on a job.
 */
public final class DefaultRayExecutor implements RayExecutor {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.ray");
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
  /** At most this many dashboard requests at once (each holds a thread while it is answered). */
  static final int HTTP_THREADS = 8;

  private final RayShared shared;
  private final RayClusterInfo cluster;
  private final ExecutorService httpPool;
  private final ExecutorService ioPool;
  private volatile boolean closed;

  private DefaultRayExecutor(RayShared shared, RayClusterInfo cluster, ExecutorService httpPool, ExecutorService ioPool) {
    this.shared = shared;
    this.cluster = cluster;
    this.httpPool = httpPool;
    this.ioPool = ioPool;
  }

  /** Checks {@code GET /api/version}, then returns an executor for the cluster. */
  public static RayExecutor connect(RayConfig config) {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(threads("sluice-ray-scheduler"));
    ExecutorService httpPool = Executors.newFixedThreadPool(HTTP_THREADS, threads("sluice-ray-http-%d"));
    ExecutorService ioPool = Executors.newFixedThreadPool(4, threads("sluice-ray-io-%d"));
    try {
      ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
      DashboardClient client = new DashboardClient(config, scheduler, httpPool);
      RayClusterInfo cluster = checkVersion(config, client, json);
      RayShared shared = new RayShared(config, client, scheduler, ioPool, new JobSlots(config.maxJobsInFlight()),
          new SubmitBodies(config, cluster.rayVersion(), json), json, ConcurrentHashMap.newKeySet(),
          new JobWatch(config, client, scheduler, json));
      log.info("Ray executor connected to {} (Ray {}, Jobs API {})", config.address(), cluster.rayVersion(),
          cluster.apiVersion());
      return new DefaultRayExecutor(shared, cluster, httpPool, ioPool);
    } catch (RuntimeException e) {
      scheduler.shutdownNow();
      httpPool.shutdownNow();
      ioPool.shutdownNow();
      throw e;
    }
  }

  private static RayClusterInfo checkVersion(RayConfig config, DashboardClient client, ObjectMapper json) {
    String where = "Ray dashboard at " + config.address();
    Duration wait = config.requestTimeout().multipliedBy(config.dashboard().retryAttempts() + 1L);
    String body;
    try {
      body = client.call("GET", "/api/version", null).get(wait.toMillis(), TimeUnit.MILLISECONDS).body();
    } catch (ExecutionException e) {
      throw versionFailure(where, DashboardClient.unwrap(e));
    } catch (TimeoutException e) {
      throw new RayDashboardException(where + " did not answer GET /api/version within " + wait, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayDashboardException("interrupted while checking the " + where, e);
    }
    JsonNode version;
    try {
      version = json.readTree(body);
    } catch (IOException e) {
      throw new RayDashboardException(where + " answered GET /api/version with something else than JSON: " + body, 200, body);
    }
    String rayVersion = version.path("ray_version").asText(null);
    RayVersion parsed = RayVersion.parse(rayVersion);
    if (parsed == null || !parsed.atLeast(2, 0)) {
      throw new RayDashboardException(where + " runs Ray " + rayVersion
          + "; the Ray executor needs Ray 2.0 or later (its Jobs REST API): upgrade the cluster", 200, body);
    }
    return new RayClusterInfo(config.address(), rayVersion, version.path("version").asText(""));
  }

  private static RayDashboardException versionFailure(String where, Throwable e) {
    if (e instanceof RayDashboardException d) {
      int status = d.status().orElse(-1);
      String fix = status == 404
          ? " — no Jobs API there: give the head's dashboard address (port 8265) of a Ray 2.x cluster"
          : status == 401 || status == 403
              ? " — set the token with RayConfig.builder(..).bearerToken(..) or the proxy's header(..)"
              : "";
      return new RayDashboardException(d.getMessage() + fix, status, d.body());
    }
    return new RayDashboardException(where + " does not answer (" + e + "): check the address — the head's "
        + "dashboard, port 8265; on KubeRay the <cluster>-head-svc service or a kubectl port-forward", e);
  }

  @Override
  public CompletableFuture<Object> start(Attempt attempt) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("the Ray executor for " + cluster.address() + " is closed"));
    }
    JobRun run = new JobRun(attempt, shared);
    attempt.runsUntil(run.jobEnded());
    shared.active().add(run);
    shared.slots().enter(run);
    return run;
  }

  @Override
  public RayClusterInfo cluster() {
    return cluster;
  }

  @Override
  public int jobsInFlight() {
    return shared.slots().inFlight();
  }

  @Override
  public int attemptsWaiting() {
    return shared.slots().waiting();
  }

  @Override
  public List<String> jobsBeingStopped() {
    return shared.watch().background();
  }

  /** Stops the jobs still in flight (waiting up to 10 s for the dashboard to take the requests). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Set<JobRun> active = shared.active();
    List<JobRun> running = List.copyOf(active);
    running.forEach(run -> run.cancel(true));
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    try {
      while (!active.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!active.isEmpty()) {
      log.warn("Ray executor closed with {} job(s) not confirmed stopped: {}", active.size(),
          active.stream().map(JobRun::submissionId).limit(10).toList());
    }
    List<String> stopped = shared.watch().background();
    if (!stopped.isEmpty()) {
      log.warn("Ray executor closed while Ray still reports {} job(s) it stopped as not ended (Ray keeps a job stopped "
          + "while PENDING until its start timeout, RAY_JOB_START_TIMEOUT_SECONDS, and runs it if its resources "
          + "appear); no longer followed: {}", stopped.size(), stopped.stream().limit(10).toList());
    }
    shared.watch().close();
    shared.scheduler().shutdownNow();
    httpPool.shutdownNow();
    ioPool.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory threads(String name) {
    return new ThreadFactoryBuilder().setNameFormat(name).setDaemon(true).build();
  }
}
