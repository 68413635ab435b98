package dev.sluice.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The workflow of {@link WorkflowOnKubernetesTest} on a real cluster, when {@code
 * SLUICE_IT_KUBECONFIG} is set (see "Testing on a real cluster" in docs/kubernetes.md): its local
 * and JVM parts succeed, and a command task's non-zero exit comes back with its log.
 */
class RealClusterTest {
  private static final Map<String, String> ENV = System.getenv();

  @Test
  void theMixedWorkflowRunsOnARealCluster() throws Exception {
    String kubeconfig = required("SLUICE_IT_KUBECONFIG", "the kubeconfig of a cluster to run Jobs on");
    String image = required("SLUICE_IT_IMAGE", "an image with this module's test classes and dependencies in Jib's layout");
    String storeUri = required("SLUICE_IT_STORE_URI", "an s3:// store both this JVM and the pods reach");
    KubernetesConfig.Builder config = KubernetesConfig.builder()
        .kubeconfig(Path.of(kubeconfig))
        .image(image)
        .instance("sluice-it")
        .ttlAfterFinished(Duration.ofMinutes(10));
    if (ENV.containsKey("SLUICE_IT_NAMESPACE")) {
      config.namespace(ENV.get("SLUICE_IT_NAMESPACE"));
    }
    if (ENV.containsKey("SLUICE_IT_STORE_SECRET")) {
      config.storeCredentials(ENV.get("SLUICE_IT_STORE_SECRET"));
    }
    for (String plain : List.of("SLUICE_S3_ENDPOINT", "AWS_REGION")) {
      if (ENV.containsKey(plain)) {
        config.env(plain, ENV.get(plain));
      }
    }
    try (ArtifactStore store = ArtifactStores.open(URI.create(storeUri), ENV);
        KubernetesExecutor k8s = KubernetesExecutor.create(config.build());
        Engine engine = Engine.builder().store(store).executor("k8s", k8s).build()) {
      RunHandle<Integer> run = engine.run(KubeTasks.mixedJvm, 3);
      assertThat(run.await(Duration.ofMinutes(10))).isEqualTo(36);

      KubernetesJobException exit = (KubernetesJobException) SimulatedKubernetes.failureOf(
          engine.run(KubeTasks.exiting, 1), "exit-three");
      assertThat(exit.exitCode()).hasValue(3);
      assertThat(exit.logTail()).contains("CUDA error: out of memory");
    }
  }

  private static String required(String variable, String what) {
    String value = ENV.get(variable);
    if (value == null || value.isBlank()) {
      String reason = "skipped: set " + variable + " (" + what + ") to run the Kubernetes test on a real cluster";
      System.out.println(reason);
      Assumptions.assumeTrue(false, reason);
    }
    return value;
  }
}
