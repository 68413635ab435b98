package dev.sluice.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.deploy.kubernetes.internal.RayServices;
import dev.sluice.models.deploy.Deployment;
import dev.sluice.models.deploy.DeploymentFailedException;
import dev.sluice.models.deploy.Rollout;
import dev.sluice.models.deploy.RolloutResult;
import dev.sluice.models.registry.ModelVersion;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RayService deployer against the mock API server with KubeRay's CRD and a simulated KubeRay. */
class RayServiceDeployerTest extends MockCluster {
  static final String OTHER = "applications:\n- name: fraud\n  route_prefix: /fraud\n  import_path: serving.fraud:app\n"
      + "  args:\n    threshold: 0.7\n";

  @BeforeEach
  void rayService() {
    client.genericKubernetesResources(RayServices.KIND).inNamespace(NS).resource(new GenericKubernetesResourceBuilder()
        .withApiVersion("ray.io/v1").withKind("RayService")
        .withNewMetadata().withName("serving").withNamespace(NS).endMetadata()
        .addToAdditionalProperties("spec", Map.of("serveConfigV2", OTHER,
            "rayClusterConfig", Map.of("rayVersion", "2.9.3")))
        .build()).create();
  }

  RayServiceDeployer rayServe() {
    return RayServiceDeployer.builder().kubeconfig(kubeconfig).rayService("serving").importPath("serving.qoe:app")
        .pollInterval(Duration.ofMillis(20)).build();
  }

  String serveConfig() {
    GenericKubernetesResource rs = client.genericKubernetesResources(RayServices.KIND).inNamespace(NS)
        .withName("serving").get();
    return RayServices.serveConfig(rs);
  }

  @Test
  void anApplicationIsAddedToServeConfigV2KeepingTheOthers() {
    Deployment d = rayServe().deploy("qoe", register(1), READY);

    assertThat(d.endpoint()).isEqualTo(URI.create("http://serving-serve-svc.ml.svc.cluster.local:8000/qoe"));
    assertThat(RayServices.application(serveConfig(), "fraud")).hasValueSatisfying(a ->
        assertThat(a.get("args")).isEqualTo(Map.of("threshold", 0.7)));
    assertThat(RayServices.application(serveConfig(), "qoe")).hasValueSatisfying(a ->
        assertThat(a.get("args").toString()).contains("model_uri=s3://models/qoe/1/model.bst"));
    assertThat(rayServe().current("qoe")).hasValueSatisfying(x -> assertThat(x.version()).isEqualTo(1));
  }

  @Test
  void aDeployFailedApplicationRollsBackInServeConfigV2() {
    RayServiceDeployer deployer = rayServe();
    Rollout rollout = Rollout.builder(registry, deployer).target("qoe").readinessTimeout(READY).build();
    ModelVersion v1 = register(1);
    ModelVersion v2 = register(2);
    controller.failVersion(2);
    rollout.deploy(v1, "test");

    RolloutResult result = rollout.deploy(v2, "test");

    assertThat(result.outcome()).isEqualTo(RolloutResult.Outcome.ROLLED_BACK);
    assertThat(result.reason()).contains("DEPLOY_FAILED: Deploying app 'qoe' failed");
    assertThat(deployer.current("qoe")).hasValueSatisfying(d -> assertThat(d.version()).isEqualTo(1));
    assertThat(RayServices.application(serveConfig(), "fraud")).isPresent();
  }

  @Test
  void aMissingRayServiceIsRefusedNamingIt() {
    RayServiceDeployer deployer = RayServiceDeployer.builder().kubeconfig(kubeconfig).rayService("nope")
        .importPath("serving.qoe:app").build();
    assertThatThrownBy(() -> deployer.deploy("qoe", register(1), READY))
        .isInstanceOf(DeploymentFailedException.class).hasMessageContaining("RayService ml/nope does not exist");
  }
}
