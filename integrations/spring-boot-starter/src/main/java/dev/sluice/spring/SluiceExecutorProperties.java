package dev.sluice.spring;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One executor of {@code sluice.executors.<name>}: its type and the main settings of that type
 * (the executor's own builder has more; define a {@code TaskExecutor} bean for those). A setting
 * of another type is refused at start-up, never ignored.
 *
 * <pre>{@code
 * sluice:
 *   executors:
 *     gpu:
 *       type: local
 *       threads: 1
 *     k8s:
 *       type: kubernetes            # needs dev.sluice:sluice-executor-kubernetes
 *       namespace: ml
 *       image: registry.example.com/qoe:1.4
 *       store-credentials-secret: minio-creds
 *     ray:
 *       type: ray                   # needs dev.sluice:sluice-executor-ray
 *       address: http://ray-head:8265
 *       store-endpoint: http://minio.ml:9000
 * }</pre>
 */
public class SluiceExecutorProperties {
  /** The settings each type takes, by property name. */
  static final Map<String, Set<String>> SETTINGS = Map.of(
      "local", Set.of("max-in-flight", "threads"),
      "kubernetes", Set.of("max-in-flight", "jvm-launcher", "namespace", "image", "kubeconfig", "context",
          "service-account", "store-credentials-secret", "env", "ttl-after-finished"),
      "ray", Set.of("max-in-flight", "jvm-launcher", "address", "bearer-token", "store-endpoint",
          "store-access-key-id", "store-secret-access-key", "poll", "pending-timeout", "request-timeout"));

  private String type;
  private Integer maxInFlight;
  private Integer threads;
  private List<String> jvmLauncher;
  private String namespace;
  private String image;
  private Path kubeconfig;
  private String context;
  private String serviceAccount;
  private String storeCredentialsSecret;
  private Map<String, String> env;
  private Duration ttlAfterFinished;
  private URI address;
  private String bearerToken;
  private String storeEndpoint;
  private String storeAccessKeyId;
  private String storeSecretAccessKey;
  private Duration poll;
  private Duration pendingTimeout;
  private Duration requestTimeout;

  /** {@code local}, {@code kubernetes} or {@code ray} (required). */
  public String getType() {
    return type;
  }

  /** Sets {@code type}. */
  public void setType(String type) {
    this.type = type;
  }

  /** At most this many attempts at once on this executor (local: default no limit; kubernetes, ray: default 100). */
  public Integer getMaxInFlight() {
    return maxInFlight;
  }

  /** Sets {@code max-in-flight}. */
  public void setMaxInFlight(Integer maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  /** local: its own threads (default: the number of cores). */
  public Integer getThreads() {
    return threads;
  }

  /** Sets {@code threads}. */
  public void setThreads(Integer threads) {
    this.threads = threads;
  }

  /** kubernetes, ray: the command that starts the task runner's JVM (kubernetes default: Jib's class path). */
  public List<String> getJvmLauncher() {
    return jvmLauncher;
  }

  /** Sets {@code jvm-launcher}. */
  public void setJvmLauncher(List<String> jvmLauncher) {
    this.jvmLauncher = jvmLauncher;
  }

  /** kubernetes: the namespace of the Jobs (default: the kubeconfig's). */
  public String getNamespace() {
    return namespace;
  }

  /** Sets {@code namespace}. */
  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  /** kubernetes: the image of tasks that name none. */
  public String getImage() {
    return image;
  }

  /** Sets {@code image}. */
  public void setImage(String image) {
    this.image = image;
  }

  /** kubernetes: the kubeconfig file (default: in-cluster, then ~/.kube/config). */
  public Path getKubeconfig() {
    return kubeconfig;
  }

  /** Sets {@code kubeconfig}. */
  public void setKubeconfig(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** kubernetes: the kubeconfig context. */
  public String getContext() {
    return context;
  }

  /** Sets {@code context}. */
  public void setContext(String context) {
    this.context = context;
  }

  /** kubernetes: the pods' service account. */
  public String getServiceAccount() {
    return serviceAccount;
  }

  /** Sets {@code service-account}. */
  public void setServiceAccount(String serviceAccount) {
    this.serviceAccount = serviceAccount;
  }

  /** kubernetes: the Secret holding the store's credentials for the pods. */
  public String getStoreCredentialsSecret() {
    return storeCredentialsSecret;
  }

  /** Sets {@code store-credentials-secret}. */
  public void setStoreCredentialsSecret(String storeCredentialsSecret) {
    this.storeCredentialsSecret = storeCredentialsSecret;
  }

  /** kubernetes: environment variables of every pod (no secrets: use a Secret). */
  public Map<String, String> getEnv() {
    return env;
  }

  /** Sets {@code env}. */
  public void setEnv(Map<String, String> env) {
    this.env = env;
  }

  /** kubernetes: how long a finished Job is kept (default 1 h). */
  public Duration getTtlAfterFinished() {
    return ttlAfterFinished;
  }

  /** Sets {@code ttl-after-finished}. */
  public void setTtlAfterFinished(Duration ttlAfterFinished) {
    this.ttlAfterFinished = ttlAfterFinished;
  }

  /** ray: the dashboard's address, e.g. {@code http://ray-head:8265} (required). */
  public URI getAddress() {
    return address;
  }

  /** Sets {@code address}. */
  public void setAddress(URI address) {
    this.address = address;
  }

  /** ray: a token for the dashboard's proxy (from the environment: {@code ${RAY_TOKEN}}). */
  public String getBearerToken() {
    return bearerToken;
  }

  /** Sets {@code bearer-token}. */
  public void setBearerToken(String bearerToken) {
    this.bearerToken = bearerToken;
  }

  /** ray: the store's endpoint as the cluster reaches it. */
  public String getStoreEndpoint() {
    return storeEndpoint;
  }

  /** Sets {@code store-endpoint}. */
  public void setStoreEndpoint(String storeEndpoint) {
    this.storeEndpoint = storeEndpoint;
  }

  /** ray: the store's access key id given to jobs. */
  public String getStoreAccessKeyId() {
    return storeAccessKeyId;
  }

  /** Sets {@code store-access-key-id}. */
  public void setStoreAccessKeyId(String storeAccessKeyId) {
    this.storeAccessKeyId = storeAccessKeyId;
  }

  /** ray: the store's secret key given to jobs (from the environment). */
  public String getStoreSecretAccessKey() {
    return storeSecretAccessKey;
  }

  /** Sets {@code store-secret-access-key}. */
  public void setStoreSecretAccessKey(String storeSecretAccessKey) {
    this.storeSecretAccessKey = storeSecretAccessKey;
  }

  /** ray: how often a running job's status is read (default 100 ms). */
  public Duration getPoll() {
    return poll;
  }

  /** Sets {@code poll}. */
  public void setPoll(Duration poll) {
    this.poll = poll;
  }

  /** ray: how long a job may stay PENDING (default 10 min). */
  public Duration getPendingTimeout() {
    return pendingTimeout;
  }

  /** Sets {@code pending-timeout}. */
  public void setPendingTimeout(Duration pendingTimeout) {
    this.pendingTimeout = pendingTimeout;
  }

  /** ray: the timeout of one dashboard request (default 30 s). */
  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  /** Sets {@code request-timeout}. */
  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  /** The settings given, by property name (type excluded), to check them against the type. */
  Map<String, Object> given() {
    Map<String, Object> given = new LinkedHashMap<>();
    put(given, "max-in-flight", maxInFlight);
    put(given, "threads", threads);
    put(given, "jvm-launcher", jvmLauncher);
    put(given, "namespace", namespace);
    put(given, "image", image);
    put(given, "kubeconfig", kubeconfig);
    put(given, "context", context);
    put(given, "service-account", serviceAccount);
    put(given, "store-credentials-secret", storeCredentialsSecret);
    put(given, "env", env);
    put(given, "ttl-after-finished", ttlAfterFinished);
    put(given, "address", address);
    put(given, "bearer-token", bearerToken);
    put(given, "store-endpoint", storeEndpoint);
    put(given, "store-access-key-id", storeAccessKeyId);
    put(given, "store-secret-access-key", storeSecretAccessKey);
    put(given, "poll", poll);
    put(given, "pending-timeout", pendingTimeout);
    put(given, "request-timeout", requestTimeout);
    return given;
  }

  private static void put(Map<String, Object> given, String name, Object value) {
    if (value != null) {
      given.put(name, value);
    }
  }
}
