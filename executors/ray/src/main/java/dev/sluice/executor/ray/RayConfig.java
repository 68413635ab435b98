package dev.sluice.executor.ray;

import dev.sluice.core.model.SecretVariables;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How the Ray executor reaches a cluster and starts jobs on it. Build with {@link #builder(URI)};
 * every option has a default but the dashboard's address.
 *
 * @param address the dashboard, e.g. {@code http://ray-head:8265}
 * @param headers sent with every dashboard request (auth for a proxy, {@code Authorization}); never
 *     logged
 * @param runtimeEnv the runtime env every job gets
 * @param taskRuntimeEnvs per task name, a runtime env laid over {@code runtimeEnv}
 * @param jvmLauncher how a JVM task's job starts Java with the user's classes, e.g. {@code [java,
 *     -cp, /app/lib/*]}; the task runner's class and arguments follow it
 * @param storeEnvironment non-secret variables the job needs to open the store, e.g. {@code
 *     SLUICE_S3_ENDPOINT}, {@code AWS_REGION}
 * @param storeCredentials passed to jobs as {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}
 *     only when set (they are then readable by anyone who can read the job from the dashboard)
 * @param poll how often the jobs in flight are looked at, all with one {@code GET /api/jobs/} (never
 *     more than one list in flight; see docs/ray.md)
 * @param pendingTimeout the queued timeout of tasks that set none: a job still {@code PENDING} this
 *     long after submission is stopped and the attempt fails with {@code
 *     InfrastructureFailure.Unschedulable}, a {@code QueuedTimeoutException}
 * @param maxJobsInFlight at most this many jobs submitted and not finished; further attempts wait
 * @param requestTimeout each dashboard request's timeout (a submit may take 10 s and more)
 * @param dashboard retries and circuit breaker around dashboard calls
 */
public record RayConfig(
    URI address,
    Map<String, String> headers,
    RayRuntimeEnv runtimeEnv,
    Map<String, RayRuntimeEnv> taskRuntimeEnvs,
    List<String> jvmLauncher,
    Map<String, String> storeEnvironment,
    Optional<StoreCredentials> storeCredentials,
    Duration poll,
    Duration pendingTimeout,
    int maxJobsInFlight,
    Duration requestTimeout,
    DashboardResilience dashboard) {

  /** The default {@link #poll()}: a job's end is seen within 100 ms. */
  public static final Duration DEFAULT_POLL = Duration.ofMillis(100);

  public RayConfig {
    Objects.requireNonNull(address, "address");
    if (!"http".equals(address.getScheme()) && !"https".equals(address.getScheme()) || address.getHost() == null) {
      throw new IllegalArgumentException(
          "Ray dashboard address '" + address + "' must be an http(s) URL such as http://ray-head:8265");
    }
    headers = Collections.unmodifiableMap(new TreeMap<>(Map.copyOf(headers)));
    Objects.requireNonNull(runtimeEnv, "runtimeEnv");
    taskRuntimeEnvs = Map.copyOf(taskRuntimeEnvs);
    jvmLauncher = List.copyOf(jvmLauncher);
    storeEnvironment = Collections.unmodifiableMap(new TreeMap<>(Map.copyOf(storeEnvironment)));
    Objects.requireNonNull(storeCredentials, "storeCredentials");
    requirePositive(poll, "poll");
    requirePositive(pendingTimeout, "pendingTimeout");
    if (maxJobsInFlight < 1) {
      throw new IllegalArgumentException("maxJobsInFlight must be 1 or more, got " + maxJobsInFlight);
    }
    requirePositive(requestTimeout, "requestTimeout");
    Objects.requireNonNull(dashboard, "dashboard");
    storeEnvironment.keySet().forEach(v -> requireNotASecret(v, "RayConfig storeEnvironment"));
    runtimeEnv.envVars().keySet().forEach(v -> requireNotASecret(v, "the RayConfig runtimeEnv's envVars"));
    taskRuntimeEnvs.forEach((task, env) -> env.envVars().keySet()
        .forEach(v -> requireNotASecret(v, "the envVars of the RayConfig runtime env of task '" + task + "'")));
  }

  /**
   * Ray has no secret references: every {@code env_vars} entry is readable by anyone who can read
   * the job from the dashboard, so a variable {@link SecretVariables#standard()} names a secret is
   * refused (the message names the variable, never its value).
   */
  private static void requireNotASecret(String variable, String where) {
    if (SecretVariables.standard().isSecret(variable)) {
      throw new IllegalArgumentException(variable + " is set as a plain value in " + where + ": Ray passes it in the"
          + " job's runtime_env, readable by anyone who can read the job from the dashboard. Give it to the cluster's"
          + " nodes instead (their environment, an IAM role or a mounted file); only the S3 key pair may be passed,"
          + " knowingly, with RayConfig.builder().storeCredentials(..)");
    }
  }

  /** Like the record's, but header values and credentials are masked. */
  @Override
  public String toString() {
    return "RayConfig[address=" + address + ", headers=" + headers.keySet() + ", runtimeEnv=" + runtimeEnv
        + ", taskRuntimeEnvs=" + taskRuntimeEnvs + ", jvmLauncher=" + jvmLauncher + ", storeEnvironment="
        + storeEnvironment + ", storeCredentials=" + storeCredentials + ", poll=" + poll + ", pendingTimeout="
        + pendingTimeout + ", maxJobsInFlight=" + maxJobsInFlight + ", requestTimeout=" + requestTimeout
        + ", dashboard=" + dashboard + "]";
  }

  /** Options for the dashboard at {@code address} ({@code http://<head>:8265}). */
  public static Builder builder(URI address) {
    return new Builder(address);
  }

  /** The runtime env of a job running {@code task}. */
  public RayRuntimeEnv runtimeEnvFor(String task) {
    RayRuntimeEnv over = taskRuntimeEnvs.get(task);
    return over == null ? runtimeEnv : runtimeEnv.overriddenBy(over);
  }

  /**
   * An S3 access key pair for jobs. Ray has no secret references: prefer credentials set on the
   * cluster's nodes (env, IAM role, IRSA) and leave this unset.
   */
  public record StoreCredentials(String accessKeyId, String secretAccessKey) {
    public StoreCredentials {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
      return "StoreCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
    }
  }

  /**
   * Faults of the dashboard: a call that fails on a connection error or a 5xx (other than Ray's
   * duplicate-id 500) is retried {@code retryAttempts} times, starting {@code retryWait} apart and
   * doubling; a circuit breaker opens for {@code breakerOpenFor} when half of the recent calls
   * failed. A followed job survives the dashboard being away for up to {@code unavailableTimeout}.
   */
  public record DashboardResilience(
      int retryAttempts, Duration retryWait, Duration breakerOpenFor, Duration unavailableTimeout) {
    public static final DashboardResilience DEFAULT =
        new DashboardResilience(4, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(5));

    public DashboardResilience {
      if (retryAttempts < 1) {
        throw new IllegalArgumentException("retryAttempts must be 1 (no retry) or more, got " + retryAttempts);
      }
      requirePositive(retryWait, "retryWait");
      requirePositive(breakerOpenFor, "breakerOpenFor");
      requirePositive(unavailableTimeout, "unavailableTimeout");
    }
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  /** Mutable builder of {@link RayConfig}; {@link #build()} validates and freezes. */
  public static final class Builder {
    private final URI address;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private RayRuntimeEnv runtimeEnv = RayRuntimeEnv.NONE;
    private final Map<String, RayRuntimeEnv> taskRuntimeEnvs = new LinkedHashMap<>();
    private List<String> jvmLauncher = List.of();
    private final Map<String, String> storeEnvironment = new LinkedHashMap<>();
    private StoreCredentials storeCredentials;
    private Duration poll = DEFAULT_POLL;
    private Duration pendingTimeout = Duration.ofMinutes(10);
    private int maxJobsInFlight = 100;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private DashboardResilience dashboard = DashboardResilience.DEFAULT;

    private Builder(URI address) {
      this.address = Objects.requireNonNull(address, "address");
    }

    /** A header for every dashboard request (e.g. a proxy's auth). */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, "value of header " + name));
      return this;
    }

    /** {@code Authorization: Bearer <token>}: Ray's token auth ({@code RAY_AUTH_MODE=token}). */
    public Builder bearerToken(String token) {
      return header("Authorization", "Bearer " + Objects.requireNonNull(token, "token"));
    }

    /** The runtime env every job gets (default: none beyond Sluice's variables). */
    public Builder runtimeEnv(RayRuntimeEnv env) {
      this.runtimeEnv = Objects.requireNonNull(env, "runtimeEnv");
      return this;
    }

    /** A runtime env for the jobs of one task, laid over the default one. */
    public Builder runtimeEnv(String task, RayRuntimeEnv env) {
      taskRuntimeEnvs.put(Objects.requireNonNull(task, "task"), Objects.requireNonNull(env, "runtimeEnv"));
      return this;
    }

    /**
     * How a JVM task's job starts Java with the application's classes, e.g. {@code "java", "-cp",
     * "/app/lib/*"} (the class path of the image or of the runtime env's {@code working_dir}).
     * Without it, only command tasks can run on Ray.
     */
    public Builder jvmLauncher(String... launcher) {
      this.jvmLauncher = List.of(launcher);
      return this;
    }

    /** {@code SLUICE_S3_ENDPOINT} for jobs: the S3 endpoint as the cluster reaches it. */
    public Builder storeEndpoint(String endpoint) {
      return storeEnvironment("SLUICE_S3_ENDPOINT", endpoint);
    }

    /** A non-secret variable jobs need to open the store (e.g. {@code AWS_REGION}). */
    public Builder storeEnvironment(String name, String value) {
      storeEnvironment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value of " + name));
      return this;
    }

    /**
     * Passes an S3 key pair to every job in {@code runtime_env.env_vars}. Ray has no secret
     * references, so anyone who can read the job from the dashboard can read them: prefer
     * credentials on the cluster's nodes (env, IAM role) and leave this unset.
     */
    public Builder storeCredentials(String accessKeyId, String secretAccessKey) {
      this.storeCredentials = new StoreCredentials(accessKeyId, secretAccessKey);
      return this;
    }

    /**
     * How often the jobs in flight are looked at (default 100 ms): one {@code GET /api/jobs/} per
     * poll for all of them, so a job's end reaches the engine within about this long whatever the
     * number of jobs. At most one list is in flight: a slow one is asked for again once answered.
     */
    public Builder poll(Duration interval) {
      this.poll = interval;
      return this;
    }

    /** A job PENDING this long is stopped and reported unschedulable (default 10 min). */
    public Builder pendingTimeout(Duration timeout) {
      this.pendingTimeout = timeout;
      return this;
    }

    /** At most this many jobs in flight on the cluster (default 100); more attempts wait their turn. */
    public Builder maxJobsInFlight(int max) {
      this.maxJobsInFlight = max;
      return this;
    }

    /** Each dashboard request's timeout (default 30 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /** Retries, circuit breaker and outage tolerance of dashboard calls. */
    public Builder dashboard(DashboardResilience resilience) {
      this.dashboard = Objects.requireNonNull(resilience, "dashboard");
      return this;
    }

    public RayConfig build() {
      return new RayConfig(address, headers, runtimeEnv, taskRuntimeEnvs, jvmLauncher, storeEnvironment,
          Optional.ofNullable(storeCredentials), poll, pendingTimeout, maxJobsInFlight, requestTimeout, dashboard);
    }
  }
}
