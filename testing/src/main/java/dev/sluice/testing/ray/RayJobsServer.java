package dev.sluice.testing.ray;

import dev.sluice.testing.ray.internal.ServerSettings;
import dev.sluice.testing.ray.internal.StandInServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A stand-in for a Ray cluster's dashboard that speaks the Job Submission REST API as Ray does: the
 * same paths ({@code POST /api/jobs/} with its trailing slash, {@code GET /api/jobs/{id}}, {@code
 * /logs}, {@code /stop}, {@code DELETE}, {@code /api/version}), the same JSON fields, status codes and
 * text/plain error bodies, and the same job state machine. Each job's entrypoint runs as a local
 * process ({@code /bin/sh -c}, like Ray's shell) with the runtime env's {@code env_vars}; its output
 * goes to a log file served by {@code /logs}. Entrypoint resources are reserved against a cluster
 * capacity, so a job that asks for more than is free stays {@code PENDING}.
 *
 * <pre>{@code
 * try (RayJobsServer ray = RayJobsServer.builder().capacity("CPU", 2).start()) {
 *   URI dashboard = ray.address();            // http://127.0.0.1:<port>
 *   // ... run code that submits jobs to `dashboard` ...
 *   RayJobRecord job = ray.awaitTerminal("my-job", Duration.ofSeconds(30));
 *   assertThat(job.status()).isEqualTo(RayJobRecord.Status.SUCCEEDED);
 * }
 * }</pre>
 *
 * <p>Stopping a job that is still {@code PENDING} answers {@code {"stopped": true}} and leaves it
 * {@code PENDING}, as a real head does: it starts if its resources appear, or fails at the start
 * timeout.
 *
 * <p>It also speaks Ray Serve's REST API ({@code PUT/GET/DELETE /api/serve/applications/}): the
 * declarative PUT that deletes the applications it does not list, the statuses {@code NOT_STARTED},
 * {@code DEPLOYING} → {@code RUNNING} or {@code DEPLOY_FAILED} ({@link ServeFault}), {@code DELETING},
 * and {@code ServeInstanceDetails} as the GET's body. No Python runs: an application is a record.
 *
 * <p>Not emulated: Ray drivers ({@code ray.init} inside the entrypoint), the log-tail WebSocket, and
 * runtime-env packages ({@code pip}, {@code py_modules}, images: noted in the job's log, not applied;
 * a {@code working_dir} that is a local directory becomes the process's working directory).
 */
public interface RayJobsServer extends AutoCloseable {

  /** A server with the defaults: a free port, Ray 2.9.3, 8 CPUs, no GPU, logs in a temp folder. */
  static RayJobsServer start() {
    return builder().start();
  }

  /** Options for a server; {@link Builder#start()} starts it. */
  static Builder builder() {
    return new Builder();
  }

  /** The dashboard's base URL, e.g. {@code http://127.0.0.1:43125}. */
  URI address();

  /**
   * Stops the HTTP side only, as when the dashboard restarts: connections are refused until {@link
   * #restartDashboard()}; jobs keep running and keep their state.
   */
  void stopDashboard();

  /** Serves again on the same port after {@link #stopDashboard()}. */
  void restartDashboard();

  /**
   * Adds {@code amount} of a resource to the cluster, as when a node joins: jobs pending for it
   * start, in submission order — including jobs that were "stopped" while pending, which a real
   * head starts and runs too.
   */
  void addCapacity(String resource, double amount);

  /** The job with this submission id, if the server holds it. */
  Optional<RayJobRecord> job(String submissionId);

  /** Every job the server holds, in submission order. */
  List<RayJobRecord> jobs();

  /** Waits until the job exists and is terminal; throws {@link AssertionError} at the deadline. */
  RayJobRecord awaitTerminal(String submissionId, Duration timeout);

  /** Waits until the job exists and has {@code status}; throws {@link AssertionError} at the deadline. */
  RayJobRecord awaitStatus(String submissionId, RayJobRecord.Status status, Duration timeout);

  /** The job's log (its merged stdout and stderr after Ray's header line); "" before it started. */
  String logs(String submissionId);

  /** How many entrypoint processes the server has started since it was created. */
  int processesStarted();

  /** Every request received so far, in arrival order. */
  List<RecordedRequest> requests();

  /** Kills the processes still running and stops the server. */
  @Override
  void close();

  /** Mutable options of a {@link RayJobsServer}; {@link #start()} freezes them. */
  final class Builder {
    private int port;
    private String rayVersion = "2.9.3";
    private final Map<String, Double> capacity = new LinkedHashMap<>(Map.of("CPU", 8.0, "GPU", 0.0));
    private Path logDirectory;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Duration stopGracePeriod = Duration.ofSeconds(3);
    private Duration startTimeout = Duration.ofSeconds(900);
    private String authToken;
    private Duration serveDeployTime = Duration.ofMillis(200);
    private final List<ServeFault> serveFaults = new ArrayList<>();

    private Builder() {}

    /** The port to listen on (default 0: a free one, kept across {@link #restartDashboard()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 (any free port) to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The Ray version {@code /api/version} reports (default 2.9.3). It decides which request fields
     * the server knows, as Ray's do: {@code entrypoint_num_cpus/num_gpus/resources} from 2.2,
     * {@code entrypoint_memory} from 2.8, {@code entrypoint_label_selector} from 2.54; an unknown
     * field is a 400.
     */
    public Builder rayVersion(String rayVersion) {
      ServerSettings.parseVersion(rayVersion);
      this.rayVersion = rayVersion;
      return this;
    }

    /**
     * How much of a resource the cluster has ({@code CPU}, {@code GPU}, {@code memory} in bytes, or
     * a custom resource). Default: 8 CPUs, no GPU, unlimited memory, no custom resources.
     */
    public Builder capacity(String resource, double amount) {
      Objects.requireNonNull(resource, "resource");
      if (!(amount >= 0)) {
        throw new IllegalArgumentException("capacity of " + resource + " must be 0 or more, got " + amount);
      }
      capacity.put(resource, amount);
      return this;
    }

    /** Where job logs go (default: a new temp folder). */
    public Builder logDirectory(Path logDirectory) {
      this.logDirectory = Objects.requireNonNull(logDirectory, "logDirectory");
      return this;
    }

    /** A variable every job's process gets, as if set on the cluster's nodes. */
    public Builder environment(String name, String value) {
      environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Between SIGTERM and SIGKILL when a job is stopped (Ray's {@code RAY_JOB_STOP_WAIT_TIME_S}, 3 s). */
    public Builder stopGracePeriod(Duration stopGracePeriod) {
      this.stopGracePeriod = requirePositive(stopGracePeriod, "stopGracePeriod");
      return this;
    }

    /**
     * How long a job may wait for resources before it fails with {@code
     * JOB_SUPERVISOR_ACTOR_START_TIMEOUT} (Ray's {@code RAY_JOB_START_TIMEOUT_SECONDS}, 900 s).
     */
    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = requirePositive(startTimeout, "startTimeout");
      return this;
    }

    /**
     * Turns on Ray's token auth ({@code RAY_AUTH_MODE=token}): requests need {@code Authorization:
     * Bearer <token>}, {@code X-Ray-Authorization: Bearer <token>} or the {@code
     * ray-authentication-token} cookie; 401 without one, 403 with a wrong one.
     */
    public Builder authToken(String authToken) {
      this.authToken = Objects.requireNonNull(authToken, "authToken");
      return this;
    }

    /**
     * How long a Ray Serve application stays {@code NOT_STARTED}/{@code DEPLOYING} after a {@code PUT
     * /api/serve/applications/} before it is {@code RUNNING} or {@code DEPLOY_FAILED}, and an
     * unlisted one stays {@code DELETING} before it is gone (default 200 ms).
     */
    public Builder serveDeployTime(Duration serveDeployTime) {
      this.serveDeployTime = requirePositive(serveDeployTime, "serveDeployTime");
      return this;
    }

    /** Makes matching Ray Serve applications fail to deploy (see {@link ServeFault}). */
    public Builder serveFault(ServeFault fault) {
      serveFaults.add(Objects.requireNonNull(fault, "fault"));
      return this;
    }

    /** Starts the server; it listens before this returns. */
    public RayJobsServer start() {
      return StandInServer.start(
          new ServerSettings(
              port, rayVersion, capacity, logDirectory, environment, stopGracePeriod, startTimeout, authToken,
              serveDeployTime, serveFaults));
    }

    private static Duration requirePositive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
