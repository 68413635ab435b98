package dev.sluice.testing.ray.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.testing.ray.RayJobRecord;
import dev.sluice.testing.ray.RayJobsServer;
import dev.sluice.testing.ray.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link RayJobsServer} on the JDK's HTTP server, bound to the loopback address. */
public final class StandInServer implements RayJobsServer {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.testing.ray");

  private final Cluster cluster;
  private final JobsApi api;
  private final ExecutorService handlers;
  private final ScheduledExecutorService timer;
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final int port;
  /** The temp folder this server made for logs (deleted on close), or null if the user chose one. */
  private final Path ownLogs;
  private HttpServer http;

  private StandInServer(ServerSettings settings) throws IOException {
    Path logs = settings.logDirectory() != null
        ? Files.createDirectories(settings.logDirectory())
        : Files.createTempDirectory("ray-jobs-standin");
    this.ownLogs = settings.logDirectory() == null ? logs : null;
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("ray-standin-timer"));
    this.handlers = Executors.newCachedThreadPool(daemon("ray-standin-http"));
    this.cluster = new Cluster(settings, logs, timer);
    ObjectMapper json = new ObjectMapper();
    this.api = new JobsApi(settings, cluster, json, this::record, new ServeApi(settings, json, timer));
    this.http = bind(settings.port());
    this.port = http.getAddress().getPort();
    log.info("Ray Jobs stand-in (Ray {}) at {}, job logs in {}", settings.rayVersion(), address(), logs);
  }

  /** Starts a server with these settings. */
  public static RayJobsServer start(ServerSettings settings) {
    try {
      return new StandInServer(settings);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the Ray Jobs stand-in on port " + settings.port(), e);
    }
  }

  private HttpServer bind(int onPort) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 200);
    server.createContext("/", api);
    server.setExecutor(handlers);
    server.start();
    return server;
  }

  @Override
  public URI address() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public synchronized void stopDashboard() {
    if (unbind()) {
      log.info("Ray Jobs stand-in at {}: dashboard stopped, jobs keep running", address());
    }
  }

  private synchronized boolean unbind() {
    if (http == null) {
      return false;
    }
    http.stop(0);
    http = null;
    return true;
  }

  @Override
  public synchronized void restartDashboard() {
    if (http == null) {
      try {
        http = bind(port);
      } catch (IOException e) {
        throw new UncheckedIOException("could not bind the Ray Jobs stand-in to port " + port + " again", e);
      }
      log.info("Ray Jobs stand-in at {}: dashboard serving again", address());
    }
  }

  @Override
  public void addCapacity(String resource, double amount) {
    if (!(amount > 0)) {
      throw new IllegalArgumentException("added capacity of " + resource + " must be positive, got " + amount);
    }
    cluster.addCapacity(java.util.Objects.requireNonNull(resource, "resource"), amount);
  }

  @Override
  public Optional<RayJobRecord> job(String submissionId) {
    return cluster.find(submissionId).map(cluster::record);
  }

  @Override
  public List<RayJobRecord> jobs() {
    return cluster.all().stream().map(cluster::record).toList();
  }

  @Override
  public RayJobRecord awaitTerminal(String submissionId, Duration timeout) {
    return await(submissionId, j -> j.status().isTerminal(), "terminal", timeout);
  }

  @Override
  public RayJobRecord awaitStatus(String submissionId, RayJobRecord.Status status, Duration timeout) {
    return await(submissionId, j -> j.status() == status, status.name(), timeout);
  }

  private RayJobRecord await(String submissionId, Predicate<RayJobRecord> reached, String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Optional<RayJobRecord> job = job(submissionId);
    while (job.isEmpty() || !reached.test(job.get())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Ray job " + submissionId + " is not " + what + " after " + timeout + ": "
            + job.map(j -> j.status() + " (" + j.message() + ")").orElse("no such job"));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for Ray job " + submissionId, e);
      }
      job = job(submissionId);
    }
    return job.get();
  }

  @Override
  public String logs(String submissionId) {
    return cluster.find(submissionId).map(StandInJob::logs).orElse("");
  }

  @Override
  public int processesStarted() {
    return cluster.processesStarted();
  }

  private void record(RecordedRequest request) {
    synchronized (requests) {
      requests.add(request);
    }
  }

  @Override
  public List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() {
    unbind();
    cluster.killAll();
    timer.shutdownNow();
    handlers.shutdownNow();
    try {
      handlers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ownLogs != null) {
      try {
        MoreFiles.deleteRecursively(ownLogs, RecursiveDeleteOption.ALLOW_INSECURE);
      } catch (IOException e) {
        log.debug("could not delete the stand-in's log folder {}: {}", ownLogs, e.toString());
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
