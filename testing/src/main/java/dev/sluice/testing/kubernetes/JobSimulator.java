package dev.sluice.testing.kubernetes;

import dev.sluice.testing.kubernetes.internal.SimulatedCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * fabric8's mock Kubernetes API server (CRUD mode) with a simulated Job controller and kubelet: for
 * each Job created it creates the pod, runs the container's command as a local process with the
 * pod's environment (Secret references resolved from Secrets in the server; a {@code java}
 * launcher runs with this JVM and class path), and writes pod and Job status as Kubernetes does.
 * It enforces {@code activeDeadlineSeconds}, kills the process of a deleted Job, serves container
 * logs, and injects faults: pod failures ({@link JobFault}), API errors, forbidden verbs. Given
 * RBAC Roles ({@link Builder#role}), it authorizes the clients under test as the API server's
 * RBAC authorizer does and refuses the rest with its 403 Forbidden Status.
 *
 * <pre>{@code
 * try (JobSimulator k8s = JobSimulator.start()) {
 *   KubernetesExecutor executor = KubernetesExecutor.create(KubernetesConfig.builder()
 *       .kubeconfig(k8s.kubeconfig()).image("app:test").build());
 *   …
 * }
 * }</pre>
 */
public interface JobSimulator extends AutoCloseable {

  /** A simulator running every Job's command, in namespace {@code sluice-test}. */
  static JobSimulator start() {
    return builder().start();
  }

  static Builder builder() {
    return new Builder();
  }

  /** A kubeconfig file whose current context points at the mock server and namespace. */
  Path kubeconfig();

  String namespace();

  /** A client of the mock server (its requests are neither counted nor faulted). */
  KubernetesClient client();

  /** Creates a Secret the way {@code kubectl create secret generic} does (values base64 in data). */
  void createSecret(String name, Map<String, String> values);

  /** Plays {@code fault} for the next Jobs it matches. */
  void inject(JobFault fault);

  /** The next {@code count} API requests from other clients (watches excepted) answer {@code status}. */
  void failRequests(int count, int status);

  /**
   * Answers 403 Forbidden (the API server's Status) to other clients' requests with this verb on
   * this resource, e.g. {@code deny("create", "jobs")}, whatever the Roles allow.
   */
  void deny(String verb, String resource);

  /** Requests from other clients so far, by {@code "<verb> <resource>"} (e.g. {@code "create jobs"}). */
  Map<String, Integer> requestCounts();

  /** Forgets the request counts. */
  void resetRequestCounts();

  /** The most Jobs that were active (created, not yet finished or deleted) at one time. */
  int peakActiveJobs();

  /** How many containers run as local processes right now. */
  int runningProcesses();

  /** The log of the Job's latest pod ("" when it has none). */
  String log(String jobName);

  /** Stops every process and the server. */
  @Override
  void close();

  /** Options of a {@link JobSimulator}; {@link #start()} freezes them and starts it. */
  final class Builder {
    private String namespace = "sluice-test";
    private String classPath = System.getProperty("java.class.path");
    private Path workDirectory;
    private Function<String, String> statusOnly;
    private final List<String> roles = new ArrayList<>();

    private Builder() {}

    /**
     * Authorizes the requests of clients under test (not those of {@link JobSimulator#client()}) against this {@code
     * rbac.authorization.k8s.io/v1} Role, as if it were bound to their service account: YAML or
     * JSON, one or more Roles (a Role without a namespace is in the simulator's). Rules of several
     * calls add up. A request no rule allows is answered 403 Forbidden with the API server's Status,
     * e.g. {@code leases.coordination.k8s.io "triggers" is forbidden: User
     * "system:serviceaccount:sluice-test:sluice" cannot patch resource "leases" in API group
     * "coordination.k8s.io" in the namespace "sluice-test"}. Without a Role every request is allowed.
     */
    public Builder role(String roleYaml) {
      roles.add(Objects.requireNonNull(roleYaml, "roleYaml"));
      return this;
    }

    public Builder namespace(String namespace) {
      this.namespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    /** The class path a {@code java} launcher in a Job runs with (default: this JVM's). */
    public Builder classPath(String classPath) {
      this.classPath = Objects.requireNonNull(classPath, "classPath");
      return this;
    }

    /** Where pods' working folders and logs go (default: a new temporary folder). */
    public Builder workDirectory(Path dir) {
      this.workDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Runs no process and creates no pod: for each Job, writes {@code output.apply(jobName)} (JSON)
     * to the Job's {@code SLUICE_OUTPUTS_URI} and marks the Job Complete. For overhead measurements.
     */
    public Builder statusOnly(Function<String, String> output) {
      this.statusOnly = Objects.requireNonNull(output, "output");
      return this;
    }

    public JobSimulator start() {
      return SimulatedCluster.start(namespace, classPath, workDirectory, statusOnly, List.copyOf(roles));
    }
  }
}
