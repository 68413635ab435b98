package dev.sluice.testing.kubernetes.internal;

import dev.sluice.testing.kubernetes.JobFault;
import dev.sluice.testing.kubernetes.JobSimulator;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Function;

/** The {@link JobSimulator}: a mock API server behind an {@link ApiGate}, and a {@link Kubelet}. */
public final class SimulatedCluster implements JobSimulator {
  /** The mock server logs every request at INFO through java.util.logging; a test wants its own lines. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final ApiGate gate;
  private final KubernetesClient client;
  private final Kubelet kubelet;
  private final String namespace;
  private final Path kubeconfig;

  private SimulatedCluster(KubernetesMockServer server, ApiGate gate, KubernetesClient client, Kubelet kubelet,
      String namespace, Path kubeconfig) {
    this.server = server;
    this.gate = gate;
    this.client = client;
    this.kubelet = kubelet;
    this.namespace = namespace;
    this.kubeconfig = kubeconfig;
  }

  public static JobSimulator start(String namespace, String classPath, Path workDirectory,
      Function<String, String> statusOnly, List<String> roles) {
    try {
      Path dir = workDirectory != null ? Files.createDirectories(workDirectory) : Files.createTempDirectory("sluice-k8s-sim");
      Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
      LogBook logs = new LogBook();
      RoleRules rules = roles.isEmpty() ? null : RoleRules.parse(roles, namespace);
      ApiGate gate = new ApiGate(new KubernetesMixedDispatcher(responses), namespace, logs, rules);
      KubernetesMockServer server =
          new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses, gate, false);
      server.init();
      Path kubeconfig = dir.resolve("kubeconfig.yaml");
      Files.writeString(kubeconfig, kubeconfigYaml("http://" + server.getHostName() + ":" + server.getPort(), namespace),
          StandardCharsets.UTF_8);
      KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(
          Config.fromKubeconfig(null, kubeconfig.toFile())).withUserAgent(ApiGate.SIMULATOR_AGENT).build()).build();
      Kubelet kubelet = new Kubelet(client, namespace, classPath, dir.resolve("pods"), logs, statusOnly);
      kubelet.start();
      return new SimulatedCluster(server, gate, client, kubelet, namespace, kubeconfig);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Kubernetes job simulator: " + e.getMessage(), e);
    }
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  private static String kubeconfigYaml(String url, String namespace) {
    return String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: simulated",
        "  cluster:",
        "    server: " + url,
        "users:",
        "- name: simulated",
        "  user:",
        "    token: simulated-token",
        "contexts:",
        "- name: simulated",
        "  context:",
        "    cluster: simulated",
        "    user: simulated",
        "    namespace: " + namespace,
        "current-context: simulated",
        "");
  }

  @Override
  public Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public void createSecret(String name, Map<String, String> values) {
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name)
        .withNamespace(namespace).endMetadata().withType("Opaque").withData(data).build()).create();
  }

  @Override
  public void inject(JobFault fault) {
    kubelet.inject(fault);
  }

  @Override
  public void failRequests(int count, int status) {
    gate.failNext(count, status);
  }

  @Override
  public void deny(String verb, String resource) {
    gate.deny(verb, resource);
  }

  @Override
  public Map<String, Integer> requestCounts() {
    return gate.counts();
  }

  @Override
  public void resetRequestCounts() {
    gate.resetCounts();
  }

  @Override
  public int peakActiveJobs() {
    return kubelet.peakActive();
  }

  @Override
  public int runningProcesses() {
    return kubelet.runningProcesses();
  }

  @Override
  public String log(String jobName) {
    return kubelet.log(jobName);
  }

  @Override
  public void close() {
    kubelet.close();
    client.close();
    server.destroy();
  }
}
