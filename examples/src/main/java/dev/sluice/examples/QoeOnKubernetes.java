package dev.sluice.examples;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.examples.QoePrediction.Decision;
import dev.sluice.examples.QoePrediction.Params;
import dev.sluice.executor.kubernetes.KubernetesConfig;
import dev.sluice.executor.kubernetes.KubernetesExecutor;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The QoE workflow with every task as a Kubernetes Job, in the image built from {@code
 * examples/Dockerfile}. The store must be one the pods reach (S3/MinIO, with {@code
 * sluice-storage-minio} on the class path).
 *
 * <pre>
 * SLUICE_IMAGE=registry.example.com/sluice-examples:0.1.0 \
 * SLUICE_STORE_URI=s3://ml/sluice/ SLUICE_STORE_SECRET=sluice-store SLUICE_NAMESPACE=ml \
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.sluice.examples.QoeOnKubernetes
 * </pre>
 */
public final class QoeOnKubernetes {
  private QoeOnKubernetes() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    String image = env.get("SLUICE_IMAGE");
    String store = env.get("SLUICE_STORE_URI");
    if (image == null || store == null) {
      System.err.println("set SLUICE_IMAGE (the image built from examples/Dockerfile) and SLUICE_STORE_URI"
          + " (a store the pods reach); optional: SLUICE_KUBECONFIG, SLUICE_NAMESPACE, SLUICE_STORE_SECRET");
      System.exit(2);
    }
    KubernetesConfig.Builder config = KubernetesConfig.builder().image(image).maxJobsInFlight(20);
    if (env.containsKey("SLUICE_KUBECONFIG")) {
      config.kubeconfig(Path.of(env.get("SLUICE_KUBECONFIG")));
    }
    if (env.containsKey("SLUICE_NAMESPACE")) {
      config.namespace(env.get("SLUICE_NAMESPACE"));
    }
    if (env.containsKey("SLUICE_STORE_SECRET")) {
      config.storeCredentials(env.get("SLUICE_STORE_SECRET"));
    }
    if (env.containsKey("SLUICE_S3_ENDPOINT")) {
      config.env("SLUICE_S3_ENDPOINT", env.get("SLUICE_S3_ENDPOINT"));
    }
    try (ArtifactStore artifacts = ArtifactStores.open(URI.create(store), env);
        Engine engine = Engine.builder()
            .store(artifacts)
            .executor("k8s", KubernetesExecutor.create(config.build()))
            .defaultExecutor("k8s")
            .build()) {
      RunHandle<Decision> run = engine.run(QoePrediction.WORKFLOW, Params.defaults());
      Decision decision = run.await();
      System.out.println(decision.action().toUpperCase(Locale.ROOT) + ": " + decision.message());
      System.out.print(run.status().toTable());
    }
  }
}
