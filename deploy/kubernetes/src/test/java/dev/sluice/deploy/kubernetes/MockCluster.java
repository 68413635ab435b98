package dev.sluice.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.store.ArtifactStores;
import dev.sluice.models.registry.ModelRegistration;
import dev.sluice.models.registry.ModelRegistries;
import dev.sluice.models.registry.ModelRegistry;
import dev.sluice.models.registry.ModelVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * fabric8's mock API server (CRUD) with KServe's and KubeRay's CRDs (status subresource) and a
 * simulated controller ({@link ServingController}), a kubeconfig pointing at it, a registry.
 */
abstract class MockCluster {
  static final Duration READY = Duration.ofSeconds(20);
  static final String NS = "ml";

  @TempDir Path dir;
  KubernetesMockServer server;
  KubernetesClient client;
  ServingController controller;
  Path kubeconfig;
  final ModelRegistry registry = ModelRegistries.on(ArtifactStores.inMemory());

  @BeforeEach
  void start() throws Exception {
    server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init();
    client = server.createClient().adapt(KubernetesClient.class);
    // KServe's CRD, with its status subresource, so status writes behave as on a real API server
    client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("inferenceservices.serving.kserve.io").endMetadata()
        .withNewSpec().withGroup("serving.kserve.io").withScope("Namespaced")
            .withNewNames().withKind("InferenceService").withPlural("inferenceservices").withSingular("inferenceservice")
                .withShortNames("isvc").endNames()
            .addNewVersion().withName("v1beta1").withServed(true).withStorage(true)
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
            .endVersion()
        .endSpec().build()).create();
    client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("rayservices.ray.io").endMetadata()
        .withNewSpec().withGroup("ray.io").withScope("Namespaced")
            .withNewNames().withKind("RayService").withPlural("rayservices").withSingular("rayservice").endNames()
            .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
            .endVersion()
        .endSpec().build()).create();
    controller = new ServingController(client.adapt(KubernetesClient.class));
    kubeconfig = Files.writeString(dir.resolve("kubeconfig"), String.join("\n",
        "apiVersion: v1", "kind: Config",
        "clusters:", "- name: mock", "  cluster:", "    server: " + client.getMasterUrl().toString().replaceAll("/$", ""),
        "users:", "- name: mock", "  user:", "    token: t",
        "contexts:", "- name: mock", "  context:", "    cluster: mock", "    user: mock", "    namespace: " + NS,
        "current-context: mock", ""));
  }

  @AfterEach
  void stop() {
    controller.close();
    client.close();
    server.destroy();
  }

  ModelVersion register(int n) {
    ModelVersion v = registry.register(ModelRegistration.builder("qoe", "s3://models/qoe/" + n + "/model.bst").build());
    assertThat(v.version()).isEqualTo(n);
    return v;
  }

}
