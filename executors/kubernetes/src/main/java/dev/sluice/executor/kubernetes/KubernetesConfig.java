package dev.sluice.executor.kubernetes;

import dev.sluice.core.model.Resources;
import dev.sluice.core.model.Toleration;
import dev.sluice.executor.kubernetes.internal.Labels;
import dev.sluice.executor.kubernetes.internal.Manifests;
import dev.sluice.executor.kubernetes.internal.PodResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How the Kubernetes executor connects and what every Job it creates looks like. Build with {@link
 * #builder()}; every option has a default, so {@code KubernetesConfig.builder().image("…").build()}
 * is a complete configuration for a cluster reachable through the usual kubeconfig.
 *
 * @param namespace where Jobs go; empty: the kubeconfig context's namespace, else {@code default}
 * @param kubeconfig a kubeconfig file; empty: fabric8's auto-configuration ({@code $KUBECONFIG},
 *     {@code ~/.kube/config}, or the in-cluster service account)
 * @param context the kubeconfig context; empty: the file's current context
 * @param image the container image for tasks that name none
 * @param jvmLauncher how the image starts a JVM with the user's classes, before the task runner's
 *     class name (default: Jib's layout, {@code java -cp /app/resources:/app/classes:/app/libs/*})
 * @param defaultResources requests for tasks that set none (field by field)
 * @param limitCpu whether the cpu request is also a limit (memory and GPUs always are)
 * @param labels extra labels on every Job and pod
 * @param annotations extra annotations on every Job and pod
 * @param environment plain (non-secret) variables for every container, e.g. {@code
 *     SLUICE_S3_ENDPOINT}; credentials are refused here, pass them as {@link SecretEnv}
 * @param secretEnv variables read from Secrets
 * @param maxJobsInFlight at most this many Jobs at once; the engine keeps further attempts QUEUED
 * @param serviceAccount the pods' service account; empty: the namespace's default
 * @param serviceAccountToken whether every pod gets its service account's API token mounted
 *     ({@code automountServiceAccountToken}); by default none does: tasks do not call the API
 * @param serviceAccountTokenTasks the tasks whose pods get the token even so
 * @param imagePullSecrets Secrets holding registry credentials
 * @param nodeSelector node labels every pod needs (a task's own selector adds to it)
 * @param tolerations taints every pod tolerates (a task's own tolerations add to them)
 * @param affinity a core/v1 {@code Affinity} as YAML or JSON, for every pod
 * @param runAsUser the uid containers run as; empty: the image's user
 * @param runAsNonRoot whether the kubelet refuses to start a container as root
 * @param imagePullPolicy the containers' {@code imagePullPolicy}; empty: Kubernetes' default
 * @param priorityClassName the pods' {@code priorityClassName} (a PriorityClass in the cluster);
 *     empty: the cluster's default priority
 * @param ephemeralStorage a quantity of node-local scratch disk ({@code ephemeral-storage}) every
 *     container requests and is limited to (over it the kubelet evicts the pod); empty: none
 * @param ttlAfterFinished how long a finished Job is kept before Kubernetes deletes it
 * @param unschedulableTimeout an attempt fails when its pod stays unschedulable this long
 * @param podLostGrace after a running pod disappears, how long to wait for the Job's own verdict
 *     before reporting the attempt lost
 * @param logTailLines how many lines of a failed container's log go into the error
 * @param instance the value of the {@code sluice.dev/executor} label: the executor watches only
 *     Jobs with its own instance label (give two engines sharing a namespace different ones)
 * @param apiAttempts attempts per Kubernetes API call on 5xx, 429 and connection errors
 * @param apiBackoff wait before the first API retry (doubling, with jitter, up to 10 s)
 * @param circuitOpenFor how long the circuit breaker refuses calls after too many failures
 * @param apiThreads threads making API calls and reading results
 * @param startTimeout how long creating the executor waits for its informers' first listing
 */
public record KubernetesConfig(
    Optional<String> namespace,
    Optional<Path> kubeconfig,
    Optional<String> context,
    Optional<String> image,
    List<String> jvmLauncher,
    Resources defaultResources,
    boolean limitCpu,
    Map<String, String> labels,
    Map<String, String> annotations,
    Map<String, String> environment,
    List<SecretEnv> secretEnv,
    int maxJobsInFlight,
    Optional<String> serviceAccount,
    boolean serviceAccountToken,
    Set<String> serviceAccountTokenTasks,
    List<String> imagePullSecrets,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    Optional<String> affinity,
    Optional<Long> runAsUser,
    boolean runAsNonRoot,
    Optional<ImagePullPolicy> imagePullPolicy,
    Optional<String> priorityClassName,
    Optional<String> ephemeralStorage,
    Duration ttlAfterFinished,
    Duration unschedulableTimeout,
    Duration podLostGrace,
    int logTailLines,
    String instance,
    int apiAttempts,
    Duration apiBackoff,
    Duration circuitOpenFor,
    int apiThreads,
    Duration startTimeout) {

  /** The default {@link #jvmLauncher()}: the class path of an image built by Jib. */
  public static final List<String> JIB_LAUNCHER =
      List.of("java", "-cp", "/app/resources:/app/classes:/app/libs/*");

  public KubernetesConfig {
    Objects.requireNonNull(namespace, "namespace");
    namespace.ifPresent(n -> Labels.requireDnsLabel(n, "namespace"));
    Objects.requireNonNull(kubeconfig, "kubeconfig");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(image, "image");
    jvmLauncher = List.copyOf(jvmLauncher);
    if (jvmLauncher.isEmpty()) {
      throw new IllegalArgumentException(
          "jvmLauncher is empty: give the command that starts java with your classes, e.g. " + JIB_LAUNCHER);
    }
    Objects.requireNonNull(defaultResources, "defaultResources");
    PodResources.requireWholeExtendedResources(defaultResources, "KubernetesConfig.defaultResources");
    labels = sorted(labels);
    labels.forEach(Labels::requireLabel);
    annotations = sorted(annotations);
    environment = sorted(environment);
    environment.keySet().forEach(name -> Manifests.requireNotACredential(name, "KubernetesConfig.environment"));
    secretEnv = List.copyOf(secretEnv);
    positive(maxJobsInFlight, "maxJobsInFlight");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
    serviceAccountTokenTasks = Collections.unmodifiableSet(new TreeSet<>(serviceAccountTokenTasks));
    imagePullSecrets = List.copyOf(imagePullSecrets);
    nodeSelector = sorted(nodeSelector);
    tolerations = List.copyOf(tolerations);
    Objects.requireNonNull(affinity, "affinity");
    affinity.ifPresent(Manifests::parseAffinity);
    Objects.requireNonNull(runAsUser, "runAsUser");
    Objects.requireNonNull(imagePullPolicy, "imagePullPolicy");
    priorityClassName.ifPresent(p -> Labels.requireDnsSubdomain(p, "priorityClassName"));
    ephemeralStorage.ifPresent(q -> PodResources.requireQuantity(q, "ephemeralStorage"));
    positive(ttlAfterFinished, "ttlAfterFinished");
    positive(unschedulableTimeout, "unschedulableTimeout");
    positive(podLostGrace, "podLostGrace");
    if (logTailLines < 0) {
      throw new IllegalArgumentException("logTailLines must be 0 or more, got " + logTailLines);
    }
    Labels.requireLabelValue(instance, "instance");
    if (instance.isEmpty()) {
      throw new IllegalArgumentException("instance must not be empty: it selects this executor's Jobs");
    }
    positive(apiAttempts, "apiAttempts");
    positive(apiBackoff, "apiBackoff");
    positive(circuitOpenFor, "circuitOpenFor");
    positive(apiThreads, "apiThreads");
    positive(startTimeout, "startTimeout");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether the pod of task {@code task} gets its service account's API token. */
  public boolean serviceAccountTokenFor(String task) {
    return serviceAccountToken || serviceAccountTokenTasks.contains(task);
  }

  /** A builder preset with this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return Collections.unmodifiableMap(new TreeMap<>(Map.copyOf(map)));
  }

  private static void positive(int n, String what) {
    if (n < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, got " + n);
    }
  }

  private static void positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
  }

  /** Mutable builder of a {@link KubernetesConfig}; {@link #build()} validates and freezes. */
  public static final class Builder {
    private String namespace;
    private Path kubeconfig;
    private String context;
    private String image;
    private List<String> jvmLauncher = JIB_LAUNCHER;
    private Resources defaultResources = Resources.NONE;
    private boolean limitCpu;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<SecretEnv> secretEnv = new ArrayList<>();
    private int maxJobsInFlight = 100;
    private String serviceAccount;
    private boolean serviceAccountToken;
    private final Set<String> serviceAccountTokenTasks = new TreeSet<>();
    private final List<String> imagePullSecrets = new ArrayList<>();
    private final Map<String, String> nodeSelector = new LinkedHashMap<>();
    private final List<Toleration> tolerations = new ArrayList<>();
    private String affinity;
    private Long runAsUser = 1000L;
    private boolean runAsNonRoot = true;
    private ImagePullPolicy imagePullPolicy;
    private String priorityClassName;
    private String ephemeralStorage;
    private Duration ttlAfterFinished = Duration.ofHours(1);
    private Duration unschedulableTimeout = Duration.ofMinutes(5);
    private Duration podLostGrace = Duration.ofSeconds(10);
    private int logTailLines = 50;
    private String instance = "sluice";
    private int apiAttempts = 5;
    private Duration apiBackoff = Duration.ofMillis(200);
    private Duration circuitOpenFor = Duration.ofSeconds(30);
    private int apiThreads = 8;
    private Duration startTimeout = Duration.ofSeconds(60);

    private Builder() {}

    private Builder(KubernetesConfig c) {
      namespace = c.namespace.orElse(null);
      kubeconfig = c.kubeconfig.orElse(null);
      context = c.context.orElse(null);
      image = c.image.orElse(null);
      jvmLauncher = c.jvmLauncher;
      defaultResources = c.defaultResources;
      limitCpu = c.limitCpu;
      labels.putAll(c.labels);
      annotations.putAll(c.annotations);
      environment.putAll(c.environment);
      secretEnv.addAll(c.secretEnv);
      maxJobsInFlight = c.maxJobsInFlight;
      serviceAccount = c.serviceAccount.orElse(null);
      serviceAccountToken = c.serviceAccountToken;
      serviceAccountTokenTasks.addAll(c.serviceAccountTokenTasks);
      imagePullSecrets.addAll(c.imagePullSecrets);
      nodeSelector.putAll(c.nodeSelector);
      tolerations.addAll(c.tolerations);
      affinity = c.affinity.orElse(null);
      runAsUser = c.runAsUser.orElse(null);
      runAsNonRoot = c.runAsNonRoot;
      imagePullPolicy = c.imagePullPolicy.orElse(null);
      priorityClassName = c.priorityClassName.orElse(null);
      ephemeralStorage = c.ephemeralStorage.orElse(null);
      ttlAfterFinished = c.ttlAfterFinished;
      unschedulableTimeout = c.unschedulableTimeout;
      podLostGrace = c.podLostGrace;
      logTailLines = c.logTailLines;
      instance = c.instance;
      apiAttempts = c.apiAttempts;
      apiBackoff = c.apiBackoff;
      circuitOpenFor = c.circuitOpenFor;
      apiThreads = c.apiThreads;
      startTimeout = c.startTimeout;
    }

    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** Connects with this kubeconfig file instead of the auto-configuration. */
    public Builder kubeconfig(Path kubeconfig) {
      this.kubeconfig = kubeconfig;
      return this;
    }

    public Builder context(String context) {
      this.context = context;
      return this;
    }

    public Builder image(String image) {
      this.image = image;
      return this;
    }

    public Builder jvmLauncher(List<String> launcher) {
      this.jvmLauncher = List.copyOf(launcher);
      return this;
    }

    public Builder defaultResources(Resources resources) {
      this.defaultResources = resources;
      return this;
    }

    public Builder limitCpu(boolean limitCpu) {
      this.limitCpu = limitCpu;
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder annotation(String key, String value) {
      annotations.put(key, value);
      return this;
    }

    /** A plain variable for every container; credentials go through {@link #secretEnv}. */
    public Builder env(String name, String value) {
      environment.put(name, value);
      return this;
    }

    public Builder secretEnv(SecretEnv ref) {
      secretEnv.add(Objects.requireNonNull(ref, "secret env"));
      return this;
    }

    /** {@code variable} for every task, from {@code key} of Secret {@code secret}. */
    public Builder secretEnv(String variable, String secret, String key) {
      return secretEnv(SecretEnv.of(variable, secret, key));
    }

    /**
     * The store's S3 credentials from one Secret holding {@code AWS_ACCESS_KEY_ID} and {@code
     * AWS_SECRET_ACCESS_KEY} (e.g. {@code kubectl create secret generic sluice-store
     * --from-literal=AWS_ACCESS_KEY_ID=… --from-literal=AWS_SECRET_ACCESS_KEY=…}).
     */
    public Builder storeCredentials(String secret) {
      secretEnv("AWS_ACCESS_KEY_ID", secret, "AWS_ACCESS_KEY_ID");
      return secretEnv("AWS_SECRET_ACCESS_KEY", secret, "AWS_SECRET_ACCESS_KEY");
    }

    public Builder maxJobsInFlight(int max) {
      this.maxJobsInFlight = max;
      return this;
    }

    public Builder serviceAccount(String serviceAccount) {
      this.serviceAccount = serviceAccount;
      return this;
    }

    /**
     * Mounts the service account's API token in every task pod ({@code
     * automountServiceAccountToken: true}). By default no pod gets one: a task that does not call
     * the Kubernetes API should not hold a credential for it.
     */
    public Builder mountServiceAccountToken() {
      this.serviceAccountToken = true;
      return this;
    }

    /** Mounts the service account's API token in the pods of this task only (one that calls the API). */
    public Builder mountServiceAccountToken(String task) {
      serviceAccountTokenTasks.add(Objects.requireNonNull(task, "task"));
      return this;
    }

    public Builder imagePullSecret(String secret) {
      imagePullSecrets.add(Objects.requireNonNull(secret, "image pull secret"));
      return this;
    }

    public Builder nodeSelector(String key, String value) {
      nodeSelector.put(key, value);
      return this;
    }

    public Builder toleration(Toleration toleration) {
      tolerations.add(Objects.requireNonNull(toleration, "toleration"));
      return this;
    }

    /** A core/v1 Affinity as YAML or JSON, checked when the configuration is built. */
    public Builder affinity(String yamlOrJson) {
      this.affinity = yamlOrJson;
      return this;
    }

    /** Runs containers as this uid (default 1000). */
    public Builder runAsUser(long uid) {
      this.runAsUser = uid;
      return this;
    }

    /** Lets containers run as the image's user, root included (the default refuses root). */
    public Builder allowRoot() {
      this.runAsUser = null;
      this.runAsNonRoot = false;
      return this;
    }

    /**
     * The containers' {@code imagePullPolicy}, e.g. {@link ImagePullPolicy#ALWAYS} for a mutable
     * tag; unset, Kubernetes pulls {@code :latest} and untagged images always, others if absent.
     */
    public Builder imagePullPolicy(ImagePullPolicy policy) {
      this.imagePullPolicy = Objects.requireNonNull(policy, "imagePullPolicy");
      return this;
    }

    /**
     * The pods' {@code priorityClassName}: the name of a PriorityClass in the cluster (a DNS
     * subdomain). The scheduler may preempt lower-priority pods for them; an unknown name makes the
     * API server refuse the Job's pods.
     */
    public Builder priorityClassName(String name) {
      this.priorityClassName = name;
      return this;
    }

    /**
     * Node-local scratch disk every container requests and is limited to ({@code
     * resources.requests/limits["ephemeral-storage"]}, a quantity such as {@code 10Gi}): the
     * scheduler places the pod where there is room, and the kubelet evicts a pod that writes more.
     */
    public Builder ephemeralStorage(String quantity) {
      this.ephemeralStorage = quantity;
      return this;
    }

    public Builder ttlAfterFinished(Duration ttl) {
      this.ttlAfterFinished = ttl;
      return this;
    }

    public Builder unschedulableTimeout(Duration timeout) {
      this.unschedulableTimeout = timeout;
      return this;
    }

    public Builder podLostGrace(Duration grace) {
      this.podLostGrace = grace;
      return this;
    }

    public Builder logTailLines(int lines) {
      this.logTailLines = lines;
      return this;
    }

    public Builder instance(String instance) {
      this.instance = instance;
      return this;
    }

    /** Attempts per API call and the first backoff between them. */
    public Builder apiRetries(int attempts, Duration backoff) {
      this.apiAttempts = attempts;
      this.apiBackoff = backoff;
      return this;
    }

    public Builder circuitOpenFor(Duration duration) {
      this.circuitOpenFor = duration;
      return this;
    }

    public Builder apiThreads(int threads) {
      this.apiThreads = threads;
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    public KubernetesConfig build() {
      return new KubernetesConfig(
          Optional.ofNullable(namespace),
          Optional.ofNullable(kubeconfig),
          Optional.ofNullable(context),
          Optional.ofNullable(image),
          jvmLauncher,
          defaultResources,
          limitCpu,
          labels,
          annotations,
          environment,
          secretEnv,
          maxJobsInFlight,
          Optional.ofNullable(serviceAccount),
          serviceAccountToken,
          serviceAccountTokenTasks,
          imagePullSecrets,
          nodeSelector,
          tolerations,
          Optional.ofNullable(affinity),
          Optional.ofNullable(runAsUser),
          runAsNonRoot,
          Optional.ofNullable(imagePullPolicy),
          Optional.ofNullable(priorityClassName),
          Optional.ofNullable(ephemeralStorage),
          ttlAfterFinished,
          unschedulableTimeout,
          podLostGrace,
          logTailLines,
          instance,
          apiAttempts,
          apiBackoff,
          circuitOpenFor,
          apiThreads,
          startTimeout);
    }
  }
}
