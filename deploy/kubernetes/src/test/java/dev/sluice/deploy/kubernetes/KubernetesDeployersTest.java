package dev.sluice.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.deploy.kubernetes.internal.InferenceServices;
import dev.sluice.models.deploy.Deployment;
import dev.sluice.models.deploy.DeploymentFailedException;
import dev.sluice.models.deploy.Rollout;
import dev.sluice.models.deploy.RolloutResult;
import dev.sluice.models.registry.ModelVersion;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Deployment and KServe deployers against the mock API server and a simulated controller. */
class KubernetesDeployersTest extends MockCluster {
  KubernetesDeployer deployments() {
    return KubernetesDeployer.builder().kubeconfig(kubeconfig).image("registry.example.com/qoe-server:1.4")
        .replicas(2).requests("500m", "1Gi").limits("2", "2Gi").readinessPath("/v2/health/ready")
        .args(java.util.List.of("--model=$(SLUICE_MODEL_URI)")).serviceAccount("models-reader")
        .pollInterval(Duration.ofMillis(20)).build();
  }

  KServeDeployer kserve() {
    return KServeDeployer.builder().kubeconfig(kubeconfig).modelFormat("xgboost").serviceAccount("models-reader")
        .pollInterval(Duration.ofMillis(20)).build();
  }

  @Test
  void aDeploymentRollsOutWithTheModelInItsEnvironmentAndAProbe() {
    Deployment d = deployments().deploy("qoe", register(1), READY);

    assertThat(d.endpoint()).isEqualTo(URI.create("http://qoe.ml.svc.cluster.local:80"));
    var k8s = client.apps().deployments().inNamespace(NS).withName("qoe").get();
    assertThat(k8s.getSpec().getReplicas()).isEqualTo(2);
    Container c = k8s.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("registry.example.com/qoe-server:1.4");
    assertThat(c.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
        .contains(org.assertj.core.groups.Tuple.tuple("SLUICE_MODEL_URI", "s3://models/qoe/1/model.bst"));
    assertThat(c.getArgs()).containsExactly("--model=$(SLUICE_MODEL_URI)");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/v2/health/ready");
    assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("2Gi");
    assertThat(k8s.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("models-reader");
    assertThat(client.services().inNamespace(NS).withName("qoe").get()).isNotNull();
    assertThat(deployments().current("qoe")).hasValueSatisfying(x -> assertThat(x.version()).isEqualTo(1));
  }

  @Test
  void aDeploymentPastItsProgressDeadlineFailsWithTheControllersReason() {
    controller.failVersion(1);
    assertThatThrownBy(() -> deployments().deploy("qoe", register(1), READY))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessageContaining("Deployment ml/qoe (qoe v1) failed: ProgressDeadlineExceeded")
        .hasMessageContaining("has timed out progressing")
        .hasMessageContaining("0 of 2 replicas ready");
    assertThat(deployments().current("qoe")).isEmpty();
  }

  @Test
  void aFailedDeploymentRollsBackToThePreviousVersion() {
    KubernetesDeployer deployer = deployments();
    Rollout rollout = Rollout.builder(registry, deployer).target("qoe").readinessTimeout(READY).build();
    ModelVersion v1 = register(1);
    ModelVersion v2 = register(2);
    controller.failVersion(2);
    assertThat(rollout.deploy(v1, "test").outcome()).isEqualTo(RolloutResult.Outcome.DEPLOYED);

    RolloutResult result = rollout.deploy(v2, "test");

    assertThat(result.outcome()).isEqualTo(RolloutResult.Outcome.ROLLED_BACK);
    assertThat(result.reason()).contains("ProgressDeadlineExceeded");
    assertThat(deployer.current("qoe")).hasValueSatisfying(d -> assertThat(d.version()).isEqualTo(1));
    assertThat(client.apps().deployments().inNamespace(NS).withName("qoe").get().getSpec().getTemplate()
        .getSpec().getContainers().get(0).getEnv()).extracting(EnvVar::getValue).contains("s3://models/qoe/1/model.bst");
    assertThat(registry.byAlias("qoe", "champion").orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void anInferenceServiceBecomesReadyAndReportsItsUrl() {
    Deployment d = kserve().deploy("qoe", register(1), READY);

    assertThat(d.endpoint()).isEqualTo(URI.create("http://qoe.ml.example.com"));
    GenericKubernetesResource isvc = client.genericKubernetesResources(InferenceServices.KIND).inNamespace(NS)
        .withName("qoe").get();
    @SuppressWarnings("unchecked")
    Map<String, Object> predictor = (Map<String, Object>) ((Map<String, Object>) isvc.getAdditionalProperties()
        .get("spec")).get("predictor");
    assertThat(predictor).containsEntry("serviceAccountName", "models-reader");
    assertThat(predictor.get("model").toString()).contains("storageUri=s3://models/qoe/1/model.bst")
        .contains("name=xgboost");
    assertThat(kserve().current("qoe")).hasValueSatisfying(x -> assertThat(x.version()).isEqualTo(1));
  }

  @Test
  void anInferenceServiceThatFailsToLoadRollsBack() {
    KServeDeployer deployer = kserve();
    Rollout rollout = Rollout.builder(registry, deployer).target("qoe").readinessTimeout(READY).build();
    ModelVersion v1 = register(1);
    ModelVersion v2 = register(2);
    controller.failVersion(2);
    rollout.deploy(v1, "test");

    RolloutResult result = rollout.deploy(v2, "test");

    assertThat(result.outcome()).isEqualTo(RolloutResult.Outcome.ROLLED_BACK);
    assertThat(result.reason()).contains("BlockedByFailedLoad: ModelLoadFailed: Failed to load model");
    assertThat(deployer.current("qoe")).hasValueSatisfying(d -> assertThat(d.version()).isEqualTo(1));
  }

  @Test
  void aDeploymentNotReadyAtTheTimeoutFailsSayingWhatItWaitsFor() {
    controller.close(); // no controller: the status never observes the generation
    assertThatThrownBy(() -> deployments().deploy("qoe", register(1), Duration.ofMillis(300)))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessageContaining("is not ready after PT0.3S")
        .hasMessageContaining("has not seen generation");
  }
}
